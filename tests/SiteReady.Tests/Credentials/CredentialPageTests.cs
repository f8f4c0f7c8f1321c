using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SiteReady.Tests.Infrastructure;
using SiteReady.Tests.Platform;

namespace SiteReady.Tests.Credentials;

/// <summary>
/// The credential pages over HTTP, where a browser journey cannot look: the streamed upload form still needs its
/// antiforgery token, refusals come back beside the form, a client's network pages stop at its network (R-K6),
/// and Delete is confirmed in the page without script (R-K5).
/// </summary>
public class CredentialPageTests(OperatorApp app) : IClassFixture<OperatorApp>
{
    [Fact]
    public async Task The_streamed_upload_form_is_refused_without_its_antiforgery_token_and_saves_with_it()
    {
        var (contractor, workerId, _) = await ContractorWithWorkerAsync();
        var page = await PageClientAsync(contractor.AdminEmail);
        var newPage = $"/orgs/{contractor.Id}/credentials/new";
        var typeId = await contractor.TypeIdAsync("First aid certificate");

        var forged = await page.PostAsync(newPage, Form(null, workerId, typeId, ("card.pdf", Uploads.Pdf())));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await CountAsync(contractor));

        var token = await TokenAsync(page, newPage);
        var saved = await page.PostAsync(newPage, Form(token, workerId, typeId, ("card.pdf", Uploads.Pdf())));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Matches($"^/orgs/{contractor.Id}/credentials/[0-9a-f-]{{36}}$", saved.Headers.Location!.OriginalString);
        Assert.Equal(1, await CountAsync(contractor));
        var shown = await page.GetStringAsync(saved.Headers.Location);
        Assert.Contains("card.pdf", shown);
        Assert.Contains("Pending", shown);
    }

    [Fact]
    public async Task A_refused_file_and_a_missing_date_come_back_beside_the_form_with_the_fields_kept()
    {
        var (contractor, workerId, _) = await ContractorWithWorkerAsync();
        var page = await PageClientAsync(contractor.AdminEmail);
        var newPage = $"/orgs/{contractor.Id}/credentials/new";
        var typeId = await contractor.TypeIdAsync("First aid certificate");

        var wrongFile = await page.PostAsync(newPage, Form(await TokenAsync(page, newPage), workerId, typeId, ("page.html", Uploads.Html())));
        Assert.Equal(HttpStatusCode.OK, wrongFile.StatusCode);
        var html = await wrongFile.Content.ReadAsStringAsync();
        Assert.Contains("Only JPEG, PNG, HEIC and PDF files are accepted.", html);
        Assert.Contains("value=\"N-42\"", html);
        Assert.Contains("id=\"Input_Files-error\"", html);

        var noExpiry = await page.PostAsync(newPage, Form(await TokenAsync(page, newPage), workerId, typeId, ("card.pdf", Uploads.Pdf()), expiry: null));
        var refused = await noExpiry.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, noExpiry.StatusCode);
        Assert.Contains("First aid certificate needs an expiry date.", refused);
        Assert.Contains("aria-invalid=\"true\"", refused);
        Assert.Equal(0, await CountAsync(contractor));
    }

    [Fact]
    public async Task A_client_sees_its_connected_companies_workers_and_their_credentials_and_nothing_beyond_R_K6()
    {
        var client = await app.SignUpAsync("client");
        var (contractor, connectedWorker, _) = await ContractorWithWorkerAsync(client);
        var otherEmail = app.UniqueEmail("solo");
        var otherWorker = await contractor.AddWorkerAsync(otherEmail);
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        var visible = (await contractor.AddCredentialAsync(connectedWorker, firstAid))["id"]!.GetValue<string>();
        var hidden = (await contractor.AddCredentialAsync(otherWorker, firstAid))["id"]!.GetValue<string>();
        var stranger = await app.SignUpAsync("contractor");
        var page = await PageClientAsync(client.AdminEmail);
        var network = $"/orgs/{client.Id}/network/companies";

        var company = await page.GetAsync($"{network}/{contractor.Id}");
        Assert.Equal(HttpStatusCode.OK, company.StatusCode);
        var companyHtml = await company.Content.ReadAsStringAsync();
        Assert.Contains($"/workers/{connectedWorker}", companyHtml);
        Assert.DoesNotContain(otherEmail, companyHtml);

        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"{network}/{contractor.Id}/workers/{connectedWorker}?tab=credentials")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"{network}/{contractor.Id}/workers/{otherWorker}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"{network}/{stranger.Id}")).StatusCode);

        var credential = await page.GetStringAsync($"/orgs/{client.Id}/credentials/{visible}");
        Assert.Contains(">Archive<", credential);
        Assert.DoesNotContain("Add version", credential);
        Assert.DoesNotContain("Delete", credential);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/orgs/{client.Id}/credentials/{hidden}")).StatusCode);

        // The contractor's own pages are not a client's.
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/orgs/{client.Id}/credentials")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/orgs/{client.Id}/credentials/{visible}/versions/new")).StatusCode);
    }

    [Fact]
    public async Task Without_script_delete_is_confirmed_in_the_page_and_only_an_archived_credential_goes_R_K5()
    {
        var (contractor, workerId, _) = await ContractorWithWorkerAsync();
        var id = (await contractor.AddCredentialAsync(workerId, await contractor.TypeIdAsync("First aid certificate")))["id"]!.GetValue<string>();
        var page = await PageClientAsync(contractor.AdminEmail);
        var credential = $"/orgs/{contractor.Id}/credentials/{id}";

        // Not archived: no Delete offered.
        Assert.DoesNotContain("Delete this credential?", await page.GetStringAsync(credential + "?confirm=delete"));

        await Expect.Status(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/archive"), null), HttpStatusCode.OK);
        var confirm = await page.GetStringAsync(credential + "?confirm=delete");
        Assert.Contains("Delete this credential?", confirm);
        Assert.Contains("irreversible", confirm);

        var token = Token(confirm);
        var deleted = await page.PostAsync(credential + "?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["confirm"] = id, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"/orgs/{contractor.Id}/workers/{workerId}?tab=credentials", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync(credential)).StatusCode);
    }

    [Fact]
    public async Task The_review_page_and_its_files_are_for_compliance_reviewers_only_R_K10()
    {
        var (contractor, workerId, _) = await ContractorWithWorkerAsync();
        var credential = await contractor.AddCredentialAsync(workerId, await contractor.TypeIdAsync("First aid certificate"));
        var id = credential["id"]!.GetValue<string>();
        var fileId = credential["latestVersion"]!["files"]![0]!["id"]!.GetValue<string>();
        var review = $"/operator/verification/{id}";
        var file = $"{review}?handler=file&version=1&file={fileId}";

        var contractorPage = await PageClientAsync(contractor.AdminEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await contractorPage.GetAsync(review)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contractorPage.GetAsync(file)).StatusCode);

        var reviewer = await PageClientAsync(OperatorApp.OperatorEmail);
        var page = await reviewer.GetStringAsync(review);
        Assert.Contains("Review: First aid certificate", page);
        var download = await reviewer.GetAsync(file);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/operator/verification/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_reviewer_does_not_accept_only_with_a_reason_and_the_contractor_reads_it_R_K10()
    {
        var (contractor, workerId, _) = await ContractorWithWorkerAsync();
        var id = (await contractor.AddCredentialAsync(workerId, await contractor.TypeIdAsync("First aid certificate")))["id"]!.GetValue<string>();
        var reviewer = await PageClientAsync(OperatorApp.OperatorEmail);
        var review = $"/operator/verification/{id}?version=1";
        var reject = $"/operator/verification/{id}?version=1&handler=Reject";

        async Task<HttpResponseMessage> RejectAsync(string reason) => await reviewer.PostAsync(reject, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reason"] = reason, ["__RequestVerificationToken"] = await TokenAsync(reviewer, review),
        }));
        var noReason = await RejectAsync("  ");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        var shown = await noReason.Content.ReadAsStringAsync();
        Assert.Contains("Required.", shown);
        Assert.Contains("<dialog id=\"reject-dialog\" class=\"confirm wide\" data-form-dialog aria-labelledby=\"reject-title\" open", shown);

        var refused = await RejectAsync("The photo is unreadable");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/operator/verification", refused.Headers.Location!.OriginalString);
        Assert.Contains("This version has been reviewed; the decision is final.", await reviewer.GetStringAsync(review));

        var page = await PageClientAsync(contractor.AdminEmail);
        var credential = await page.GetStringAsync($"/orgs/{contractor.Id}/credentials/{id}");
        Assert.Contains("Not accepted", credential);
        Assert.Contains("The photo is unreadable", credential);
        Assert.Contains("Add a new version", credential);
        Assert.DoesNotContain("Edit latest version", credential);
    }

    private async Task<(TestOrg Contractor, string WorkerId, TestOrg Client)> ContractorWithWorkerAsync(TestOrg? client = null)
    {
        client ??= await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        return (contractor, await contractor.AddWorkerAsync(app.UniqueEmail("holder"), client.Id), client);
    }

    private static async Task<int> CountAsync(TestOrg contractor) =>
        (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials"))))["total"]!.GetValue<int>();

    private static MultipartFormDataContent Form(string? token, string workerId, string typeId, (string Name, byte[] Bytes) file, string? expiry = "2028-03-01")
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(workerId), "subject");
        form.Add(new StringContent(typeId), "credentialTypeId");
        form.Add(new StringContent("2026-03-01"), "issueDate");
        if (expiry is not null) form.Add(new StringContent(expiry), "expiryDate");
        form.Add(new StringContent("N-42"), "credentialNumber");
        var content = new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "files", file.Name);
        return form;
    }

    private static async Task<string> TokenAsync(HttpClient page, string path) => Token(await page.GetStringAsync(path));

    private static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } token
            ? token : throw new InvalidOperationException("No antiforgery token in the page.");

    /// <summary>A cookie-signed-in client for pages, as a browser would be.</summary>
    private async Task<HttpClient> PageClientAsync(string email, string password = AppFixture.Password)
    {
        var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login"),
        });
        var signedIn = await client.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }
}
