using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;
using SiteReady.Tests.Platform;

namespace SiteReady.Tests.Credentials;

/// <summary>
/// A list sorted by expiry and filtered only by archive, type, status or expiry window takes its total and the day
/// its page starts on from CredentialListingCounts. Every page of it must be what counting the listings gives: the
/// same query with a company filter naming the network's only contractor lists the same credentials, and that
/// filter keeps the list on the path that counts listings.
/// </summary>
public class CountedListTests(OperatorApp app) : IClassFixture<OperatorApp>
{
    [Fact]
    public async Task Counted_totals_and_pages_equal_the_counted_listings_for_every_filter_size_and_direction()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        var onSite = await contractor.AddWorkerAsync(app.UniqueEmail("onsite"), client.Id);
        var office = await contractor.AddWorkerAsync(app.UniqueEmail("office"));
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        var licence = await contractor.TypeIdAsync("Driver's licence");
        var whiteCard = await contractor.TypeIdAsync("White card (construction induction)");

        // Today is 2026-11-22: expired, expiring soon, later, several on one day, and never.
        var ids = new List<string>();
        foreach (var (worker, type, expiry) in new[]
                 {
                     (onSite, firstAid, "2026-10-01"), (onSite, firstAid, "2026-11-30"), (office, firstAid, "2026-12-15"), (onSite, licence, "2027-03-01"),
                     (onSite, firstAid, "2027-03-01"), (office, licence, "2027-03-01"), (onSite, firstAid, "2027-03-01"), (onSite, licence, "2028-01-01"),
                     (office, firstAid, "2026-11-30"), (onSite, licence, "2026-11-01"), (onSite, firstAid, "2029-05-05"), (office, firstAid, "2027-03-01"),
                 })
            ids.Add((await contractor.AddCredentialAsync(worker, type, expiry: expiry))["id"]!.GetValue<string>());
        foreach (var worker in new[] { onSite, onSite, office })
            await Expect.Json(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
            {
                ["workerId"] = worker, ["credentialTypeId"] = whiteCard, ["issueDate"] = "2025-05-01",
            }, ("white card.jpg", Uploads.Png()))), HttpStatusCode.Created);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["companyId"] = contractor.Id.ToString(), ["credentialTypeId"] = await contractor.TypeIdAsync("Public liability insurance"),
            ["issueDate"] = "2026-07-01", ["expiryDate"] = "2027-03-01",
        }, ("policy.pdf", Uploads.Pdf()))), HttpStatusCode.Created);

        var ops = await app.LoginAsync(OperatorApp.OperatorEmail);
        foreach (var id in new[] { ids[1], ids[3], ids[4], ids[5], ids[8] })
            await Expect.Json(await ops.PostAsync($"/api/v1/operator/credentials/{id}/versions/1/approve", null));
        foreach (var id in new[] { ids[6], ids[11] })
            await Expect.Json(await ops.PostAsJsonAsync($"/api/v1/operator/credentials/{id}/versions/1/reject", new { reason = "Unreadable" }));
        foreach (var id in new[] { ids[2], ids[7] })
            await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/archive"), null));

        var filters = new[]
        {
            "", "status=verified", "status=pending", "status=expired", "status=notAccepted", $"credentialTypeId={firstAid}",
            $"credentialTypeId={firstAid}&status=verified", $"credentialTypeId={licence}&status=pending", "expiringWithinDays=30",
            "expiringWithinDays=400", $"expiringWithinDays=400&credentialTypeId={firstAid}", "archived=true", "archived=true&status=pending",
        };
        var shapes = new List<(string Sort, int Size)> { ("", 2) };
        foreach (var sort in new[] { "sort=expiryDate", "sort=-expiryDate" })
            for (var size = 1; size <= 3; size++) shapes.Add((sort, size));

        var listed = 0;
        foreach (var org in new[] { contractor, client })
        {
            foreach (var filter in filters)
            {
                foreach (var (sort, size) in shapes)
                {
                    var query = string.Join("&", new[] { filter, sort, $"pageSize={size}" }.Where(p => p.Length > 0));
                    var (total, first) = await PageAsync(org, $"{query}&page=1");
                    var (expectedTotal, expectedFirst) = await PageAsync(org, $"{query}&page=1&companyId={contractor.Id}");
                    Assert.True(expectedTotal == total, $"{org.Name} {query}: total {total}, counting listings gives {expectedTotal}");
                    Assert.Equal(expectedFirst, first);
                    var all = new List<string>(first);
                    for (var page = 2; page <= total / size + 2; page++)
                    {
                        var (_, items) = await PageAsync(org, $"{query}&page={page}");
                        var (_, expected) = await PageAsync(org, $"{query}&page={page}&companyId={contractor.Id}");
                        Assert.True(expected.SequenceEqual(items), $"{org.Name} {query}&page={page}: [{string.Join(", ", items)}], counting listings gives [{string.Join(", ", expected)}]");
                        all.AddRange(items);
                    }
                    Assert.Equal(total, all.Count);
                    Assert.Equal(total, all.Distinct().Count());
                    listed += total;
                }
            }
        }
        Assert.True(listed > 100, "the filters list next to nothing: the comparison would prove little");
    }

    private static async Task<(int Total, List<string> Ids)> PageAsync(TestOrg org, string query)
    {
        var body = await Expect.Json(await org.Admin.GetAsync(org.Api($"/credentials?{query}")));
        return (body["total"]!.GetValue<int>(), body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList());
    }
}
