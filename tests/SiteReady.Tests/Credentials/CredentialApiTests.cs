using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SiteReady.Tests.Infrastructure;
using SiteReady.Tests.Platform;

namespace SiteReady.Tests.Credentials;

/// <summary>Credentials through the API (R-K1, R-K2, R-K5, R-K7), on the configured engine and disk storage.</summary>
public class CredentialApiTests(OperatorApp app) : IClassFixture<OperatorApp>
{
    private const string FirstAid = "First aid certificate";

    private async Task<(TestOrg Contractor, string WorkerId, string TypeId)> SetupAsync()
    {
        var contractor = await app.SignUpAsync("contractor");
        var workerId = await contractor.AddWorkerAsync(app.UniqueEmail("holder"));
        return (contractor, workerId, await contractor.TypeIdAsync(FirstAid));
    }

    [Fact]
    public async Task Adding_a_credential_with_a_pdf_stores_it_pending_review_and_serves_the_file_safely_R_K1_R_K7()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var bytes = Uploads.Pdf("first aid");

        var credential = await contractor.AddCredentialAsync(workerId, typeId, bytes: bytes, fileName: "../../etc/first aid.pdf");

        Assert.Equal("pending", credential["status"]!.GetValue<string>());
        Assert.False(credential["archived"]!.GetValue<bool>());
        Assert.Equal(FirstAid, credential["credentialType"]!["name"]!.GetValue<string>());
        Assert.Equal(workerId, credential["subject"]!["workerId"]!.GetValue<string>());
        var latest = credential["latestVersion"]!;
        Assert.Equal(1, latest["number"]!.GetValue<int>());
        Assert.Equal("2027-01-15", latest["expiryDate"]!.GetValue<string>());
        var file = latest["files"]![0]!;
        Assert.Equal("application/pdf", file["contentType"]!.GetValue<string>());
        Assert.DoesNotContain("/", file["fileName"]!.GetValue<string>());
        Assert.Equal(bytes.Length, file["size"]!.GetValue<long>());

        var download = await contractor.Admin.GetAsync(contractor.Api($"/credentials/{credential["id"]}/versions/1/files/{file["id"]}"));
        await Expect.Status(download, HttpStatusCode.OK);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Bad_uploads_are_400_and_store_nothing_R_K1_R_K7()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var storedBefore = StoredFileCount();
        async Task<JsonObject> Refused(IDictionary<string, string?> fields, params (string, byte[])[] files) =>
            (await Expect.Problem(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(fields, files)), HttpStatusCode.BadRequest, "validation-failed"))["errors"]!.AsObject();
        Dictionary<string, string?> Fields(string issue = "2026-01-01", string expiry = "2027-01-01", string? worker = null, string? type = null) =>
            new() { ["workerId"] = worker ?? workerId, ["credentialTypeId"] = type ?? typeId, ["issueDate"] = issue, ["expiryDate"] = expiry };

        Assert.True((await Refused(Fields(expiry: "2025-12-31"), ("a.pdf", Uploads.Pdf()))).ContainsKey("expiryDate"));
        Assert.True((await Refused(Fields())).ContainsKey("files"));
        Assert.True((await Refused(Fields(), ("evil.pdf", Uploads.Html()))).ContainsKey("files"));
        Assert.True((await Refused(Fields(), ("empty.pdf", []))).ContainsKey("files"));
        Assert.True((await Refused(Fields(issue: "01/02/2026"), ("a.pdf", Uploads.Pdf()))).ContainsKey("issueDate"));
        Assert.True((await Refused(Fields(type: Guid.NewGuid().ToString()), ("a.pdf", Uploads.Pdf()))).ContainsKey("credentialTypeId"));
        var other = await app.SignUpAsync("contractor");
        var foreignWorker = await other.AddWorkerAsync(app.UniqueEmail("foreign"));
        Assert.True((await Refused(Fields(worker: foreignWorker), ("a.pdf", Uploads.Pdf()))).ContainsKey("workerId"));
        var tooBig = new byte[20 * 1024 * 1024 + 1];
        Uploads.Pdf().CopyTo(tooBig, 0);
        Assert.True((await Refused(Fields(), ("big.pdf", tooBig))).ContainsKey("files"));

        var list = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials")));
        Assert.Equal(0, list["total"]!.GetValue<int>());
        Assert.Equal(storedBefore, StoredFileCount());
    }

    private int StoredFileCount()
    {
        var files = Path.Combine(app.Database.DataDirectory, "files");
        return Directory.Exists(files) ? Directory.GetFiles(files, "*", SearchOption.AllDirectories).Length : 0;
    }

    [Fact]
    public async Task Versions_and_activity_record_renewals_and_edits_R_K2()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var id = (await contractor.AddCredentialAsync(workerId, typeId))["id"]!.GetValue<string>();

        var renewed = await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/versions"), Uploads.Form(
            new Dictionary<string, string?> { ["issueDate"] = "2027-01-10", ["expiryDate"] = "2028-01-10" }, ("renewal.png", Uploads.Png()))), HttpStatusCode.Created);
        Assert.Equal(2, renewed["latestVersion"]!["number"]!.GetValue<int>());
        Assert.Equal("image/png", renewed["latestVersion"]!["files"]![0]!["contentType"]!.GetValue<string>());

        await Expect.Json(await contractor.Admin.PatchAsync(contractor.Api($"/credentials/{id}/versions/latest"), Uploads.Form(
            new Dictionary<string, string?> { ["issueDate"] = "2027-01-11", ["expiryDate"] = "2028-01-10" })));

        var versions = await Expect.Json<JsonArray>(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{id}/versions")));
        Assert.Equal([2, 1], versions.Select(v => v!["number"]!.GetValue<int>()));
        Assert.Equal("2027-01-11", versions[0]!["issueDate"]!.GetValue<string>());
        Assert.Equal("renewal.png", versions[0]!["files"]![0]!["fileName"]!.GetValue<string>()); // files kept when none are sent

        var activity = (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{id}/activity"))))["items"]!.AsArray();
        Assert.Equal(["added", "versionAdded", "edited"], activity.Select(a => a!["action"]!.GetValue<string>()));
        var edit = activity[2]!;
        Assert.Equal("issueDate", edit["field"]!.GetValue<string>());
        Assert.Equal("2027-01-10", edit["from"]!.GetValue<string>());
        Assert.Equal("2027-01-11", edit["to"]!.GetValue<string>());
        Assert.Equal(contractor.AdminId.ToString(), edit["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Archive_blocks_changes_and_only_an_archived_credential_is_deleted_with_confirmation_R_K5()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var storedBefore = StoredFileCount();
        var created = await contractor.AddCredentialAsync(workerId, typeId);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(storedBefore + 1, StoredFileCount());

        await Expect.Problem(await contractor.Admin.DeleteAsync(contractor.Api($"/credentials/{id}?confirm={id}")), HttpStatusCode.Conflict, "credential-not-archived");
        Assert.True((await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/archive"), null)))["archived"]!.GetValue<bool>());
        await Expect.Problem(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/versions"), Uploads.Form(
            new Dictionary<string, string?> { ["issueDate"] = "2027-01-10", ["expiryDate"] = "2028-01-10" }, ("r.pdf", Uploads.Pdf()))), HttpStatusCode.Conflict, "credential-archived");
        Assert.Equal(0, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials"))))["total"]!.GetValue<int>());
        Assert.Equal(1, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials?archived=true"))))["total"]!.GetValue<int>());

        var (_, _, manager) = await contractor.AddUserAsync("manager");
        await Expect.Problem(await manager.DeleteAsync(contractor.Api($"/credentials/{id}?confirm={id}")), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await contractor.Admin.DeleteAsync(contractor.Api($"/credentials/{id}")), HttpStatusCode.BadRequest, "confirmation-required");
        await Expect.Status(await contractor.Admin.DeleteAsync(contractor.Api($"/credentials/{id}?confirm={id}")), HttpStatusCode.NoContent);

        await Expect.Problem(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{id}")), HttpStatusCode.NotFound, "not-found");
        var remaining = await app.WithDbAsync(db => db.CredentialActivity.IgnoreQueryFilters().Where(a => a.CredentialId == Guid.Parse(id)).Select(a => a.Action).ToListAsync());
        Assert.Contains("deleted", remaining);
        Assert.Equal(storedBefore, StoredFileCount());
    }

    [Fact]
    public async Task Reviewers_approve_or_reject_once_and_the_employer_is_told_R_K10()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var first = (await contractor.AddCredentialAsync(workerId, typeId))["id"]!.GetValue<string>();
        var second = (await contractor.AddCredentialAsync(workerId, await contractor.TypeIdAsync("Driver's licence")))["id"]!.GetValue<string>();
        var ops = await app.LoginAsync(OperatorApp.OperatorEmail);

        var queue = await Expect.Json(await ops.GetAsync($"/api/v1/operator/verification-queue?organizationId={contractor.Id}"));
        var items = queue["items"]!.AsArray();
        Assert.Equal([first, second], items.Select(i => i!["credentialId"]!.GetValue<string>()));
        Assert.Equal(0, items[0]!["ageBusinessDays"]!.GetValue<int>());
        Assert.False(items[0]!["overdue"]!.GetValue<bool>());

        await Expect.Json(await ops.PostAsync($"/api/v1/operator/credentials/{first}/versions/1/approve", null));
        await Expect.Problem(await ops.PostAsync($"/api/v1/operator/credentials/{first}/versions/1/approve", null), HttpStatusCode.Conflict, "already-reviewed");
        await Expect.Problem(await ops.PostAsJsonAsync($"/api/v1/operator/credentials/{second}/versions/1/reject", new { reason = "" }), HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Json(await ops.PostAsJsonAsync($"/api/v1/operator/credentials/{second}/versions/1/reject", new { reason = "Photo is unreadable" }));

        Assert.Equal("verified", (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{first}"))))["status"]!.GetValue<string>());
        var rejected = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{second}")));
        Assert.Equal("notAccepted", rejected["status"]!.GetValue<string>());
        Assert.Equal("Photo is unreadable", rejected["latestVersion"]!["approval"]!["reason"]!.GetValue<string>());
        var mail = await app.MailToAsync(contractor.AdminEmail); // employer-managed worker: the employer's admins hear (R-W7)
        Assert.Contains(mail, m => m.Kind == "credential-verified");
        Assert.Contains(mail, m => m.Kind == "credential-not-accepted" && m.TextBody.Contains("unreadable"));
        Assert.Empty((await Expect.Json(await ops.GetAsync($"/api/v1/operator/verification-queue?organizationId={contractor.Id}")))["items"]!.AsArray());

        await Expect.Problem(await contractor.Admin.GetAsync("/api/v1/operator/verification-queue"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_archived_credential_cannot_be_reviewed_R_K5()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var id = (await contractor.AddCredentialAsync(workerId, typeId))["id"]!.GetValue<string>();
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{id}/archive"), null));
        var ops = await app.LoginAsync(OperatorApp.OperatorEmail);
        await Expect.Problem(await ops.PostAsync($"/api/v1/operator/credentials/{id}/versions/1/approve", null), HttpStatusCode.Conflict, "credential-archived");
    }

    [Fact]
    public async Task Another_organisations_credential_is_404()
    {
        var (contractor, workerId, typeId) = await SetupAsync();
        var id = (await contractor.AddCredentialAsync(workerId, typeId))["id"]!.GetValue<string>();
        var other = await app.SignUpAsync("contractor");
        await Expect.Problem(await other.Admin.GetAsync(other.Api($"/credentials/{id}")), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await other.Admin.PostAsync(other.Api($"/credentials/{id}/archive"), null), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_status_turns_expired_the_day_after_expiry_in_the_organisations_time_zone_R_K3()
    {
        var (contractor, workerId, _) = await SetupAsync();
        // No verification needed for a client's own type: it counts as Verified on upload.
        var client = await app.SignUpAsync("client");
        var created = await Expect.Json(await client.Admin.PostAsJsonAsync(client.Api("/credential-types"), new
        {
            name = "Site induction card", category = "ticket", subject = "worker", hasIssueDate = true, hasExpiryDate = true, mediaRequired = false, verificationRequired = false,
        }), HttpStatusCode.Created);
        await contractor.ConnectToClientAsync(client);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime); // the org signed up in UTC
        var id = (await Expect.Json(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["workerId"] = workerId, ["credentialTypeId"] = created["id"]!.GetValue<string>(),
            ["issueDate"] = today.AddYears(-1).ToString("yyyy-MM-dd"), ["expiryDate"] = today.ToString("yyyy-MM-dd"),
        })), HttpStatusCode.Created))["id"]!.GetValue<string>();

        var onTheDay = await Expect.Json(await contractor.Admin.GetAsync(contractor.Api($"/credentials/{id}")));
        Assert.Equal("verified", onTheDay["status"]!.GetValue<string>());
        Assert.True(onTheDay["expiringSoon"]!.GetValue<bool>());
        Assert.Equal(1, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials?expiringWithinDays=0"))))["total"]!.GetValue<int>());

        app.Clock.Advance(TimeSpan.FromDays(1));
        var admin = await app.LoginAsync(contractor.AdminEmail);
        Assert.Equal("expired", (await Expect.Json(await admin.GetAsync(contractor.Api($"/credentials/{id}"))))["status"]!.GetValue<string>());
        Assert.Equal(1, (await Expect.Json(await admin.GetAsync(contractor.Api("/credentials?status=expired"))))["total"]!.GetValue<int>());
        Assert.Equal(0, (await Expect.Json(await admin.GetAsync(contractor.Api("/credentials?status=verified"))))["total"]!.GetValue<int>());
    }
}
