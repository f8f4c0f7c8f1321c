using System.Net;
using System.Text;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Credentials;

/// <summary>R-K9: CSV download of a filtered credential list.</summary>
public class ExportTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_export_is_utf8_with_bom_filtered_like_the_list_and_escapes_formulas_R_K9()
    {
        var contractor = await app.SignUpAsync("contractor");
        var worker = await contractor.AddWorkerAsync(app.UniqueEmail("csv"));
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        var licence = await contractor.TypeIdAsync("Driver's licence");
        await contractor.AddCredentialAsync(worker, firstAid);
        var response = await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["workerId"] = worker, ["credentialTypeId"] = licence, ["issueDate"] = "2026-03-01", ["expiryDate"] = "2031-03-01", ["credentialNumber"] = "=HYPERLINK(\"http://evil\")",
        }, ("Zoë licence.pdf", Uploads.Pdf())));
        await Expect.Status(response, HttpStatusCode.Created);

        var export = await contractor.Admin.GetAsync(contractor.Api($"/credentials/export.csv?credentialTypeId={licence}"));
        await Expect.Status(export, HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("worker_email,credential_type,credential_number,issue_date,expiry_date,file", lines[0]);
        Assert.Equal(2, lines.Length); // header + the one licence: the filter applies
        Assert.Contains("Driver's licence", lines[1]);
        Assert.Contains("'=HYPERLINK", lines[1]); // formula escaped
        Assert.Contains("Zoë licence.pdf", lines[1]);
        Assert.Contains("2031-03-01", lines[1]);
        Assert.Contains("pending", lines[1]);
    }

    [Fact]
    public async Task A_viewer_may_export_and_a_bad_filter_is_400()
    {
        var contractor = await app.SignUpAsync("contractor");
        var (_, _, viewer) = await contractor.AddUserAsync("viewer");
        await Expect.Status(await viewer.GetAsync(contractor.Api("/credentials/export.csv")), HttpStatusCode.OK);
        await Expect.Problem(await viewer.GetAsync(contractor.Api("/credentials/export.csv?status=shiny")), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task A_clients_export_holds_its_network_in_the_lists_order_for_every_sort()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        var seen = await contractor.AddWorkerAsync(app.UniqueEmail("seen"), client.Id);
        var unseen = await contractor.AddWorkerAsync(app.UniqueEmail("unseen"));
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        await contractor.AddCredentialAsync(seen, firstAid, expiry: "2027-05-01");
        await contractor.AddCredentialAsync(seen, await contractor.TypeIdAsync("Driver's licence"), expiry: "2026-12-24");
        await contractor.AddCredentialAsync(unseen, firstAid);

        foreach (var sort in new[] { "expiryDate", "-expiryDate", "type", "-worker" })
        {
            var items = (await Expect.Json(await client.Admin.GetAsync(client.Api($"/credentials?sort={sort}"))))["items"]!.AsArray();
            var listed = items.Select(i => string.Join(",", i!["credentialType"]!["name"]!.GetValue<string>(), i["expiryDate"]!.GetValue<string>(),
                i["subject"]!["name"]!.GetValue<string>(), contractor.Name)).ToList();
            var export = await client.Admin.GetAsync(client.Api($"/credentials/export.csv?sort={sort}"));
            await Expect.Status(export, HttpStatusCode.OK);
            var exported = Encoding.UTF8.GetString((await export.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Select(line => line.Split(',')).Select(f => string.Join(",", f[1], f[4], f[6], f[7])).ToList();
            Assert.Equal(2, exported.Count);
            Assert.Equal(listed, exported);
        }
    }
}
