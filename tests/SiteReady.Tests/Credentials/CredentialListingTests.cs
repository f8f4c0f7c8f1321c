using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SiteReady.Domain.Organizations;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;

namespace SiteReady.Tests.Credentials;

/// <summary>
/// The lists read CredentialListing, derived data the app keeps on every save. After each kind of change
/// it must hold exactly what the visibility rule (CrossTenant.CredentialsVisibleTo) gives, with the
/// credential's current values, and CredentialListingCount must hold the listings grouped by its key.
/// </summary>
public class CredentialListingTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Listings_follow_every_change_that_moves_a_credential_into_or_out_of_a_list()
    {
        var client = await app.SignUpAsync("client");
        var other = await app.SignUpAsync("client");
        var north = await client.AddLocationAsync("app", "North");
        var contractor = await app.SignUpAsync("contractor");
        var late = await app.SignUpAsync("contractor");
        var connectionId = await contractor.ConnectToClientAsync(client);
        await contractor.ConnectToClientAsync(other);
        var both = await contractor.AddWorkerAsync(app.UniqueEmail("both"), client.Id);
        await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api($"/workers/{both}/client-connections"), new { clientId = other.Id }));
        var solo = await contractor.AddWorkerAsync(app.UniqueEmail("solo"));
        var lateWorker = await late.AddWorkerAsync(app.UniqueEmail("late"));
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        var whiteCard = await contractor.TypeIdAsync("White card (construction induction)");
        var a = (await contractor.AddCredentialAsync(both, firstAid))["id"]!.GetValue<string>();
        var b = (await contractor.AddCredentialAsync(solo, firstAid))["id"]!.GetValue<string>();
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["workerId"] = both, ["credentialTypeId"] = whiteCard, ["issueDate"] = "2025-05-01",
        }, ("white card.jpg", Uploads.Png()))), HttpStatusCode.Created);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["companyId"] = contractor.Id.ToString(), ["credentialTypeId"] = await contractor.TypeIdAsync("Public liability insurance"),
            ["issueDate"] = "2026-07-01", ["expiryDate"] = "2027-06-30",
        }, ("policy.pdf", Uploads.Pdf()))), HttpStatusCode.Created);
        await late.AddCredentialAsync(lateWorker, firstAid);
        var orgs = new[] { (client, OrganizationKind.Client), (other, OrganizationKind.Client), (contractor, OrganizationKind.Contractor), (late, OrganizationKind.Contractor) };
        await AssertListingsFollowTheRuleAsync(orgs);

        // Workers join and leave clients.
        await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api($"/workers/{solo}/client-connections"), new { clientId = client.Id, locationIds = new[] { north } }));
        await Expect.Status(await contractor.Admin.DeleteAsync(contractor.Api($"/workers/{both}/client-connections/{other.Id}")), HttpStatusCode.NoContent);
        await AssertListingsFollowTheRuleAsync(orgs);

        // A renewal with a new file, an edit that replaces the file, the client archiving, a delete.
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{a}/versions"), Uploads.Form(
            new Dictionary<string, string?> { ["issueDate"] = "2027-01-10", ["expiryDate"] = "2028-01-10", ["credentialNumber"] = "R-2" }, ("renewal.png", Uploads.Png()))), HttpStatusCode.Created);
        await Expect.Json(await contractor.Admin.PatchAsync(contractor.Api($"/credentials/{a}/versions/latest"), Uploads.Form(
            new Dictionary<string, string?> { ["issueDate"] = "2027-01-11", ["expiryDate"] = "2028-02-10" }, ("edited scan.pdf", Uploads.Pdf()))));
        await Expect.Json(await client.Admin.PostAsync(client.Api($"/credentials/{a}/archive"), null));
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api($"/credentials/{b}/archive"), null));
        await Expect.Status(await contractor.Admin.DeleteAsync(contractor.Api($"/credentials/{b}?confirm={b}")), HttpStatusCode.NoContent);
        await AssertListingsFollowTheRuleAsync(orgs);

        // A contractor connects (its connected worker's credential joins the network), another is disconnected.
        await late.ConnectToClientAsync(client);
        await Expect.Json(await late.Admin.PostAsJsonAsync(late.Api($"/workers/{lateWorker}/client-connections"), new { clientId = client.Id }));
        await Expect.Json(await client.Admin.PostAsJsonAsync(client.Api($"/contractors/{connectionId}/disconnect"), new { reason = "Contract ended" }));
        await AssertListingsFollowTheRuleAsync(orgs);
        Assert.Equal(1, (await Expect.Json(await client.Admin.GetAsync(client.Api("/credentials"))))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_lists_its_new_credentials_and_renewals_for_the_contractor_and_its_network()
    {
        var client = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        var bystander = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(client);
        await bystander.ConnectToClientAsync(client);
        await Expect.Status(await client.Admin.PostAsJsonAsync(client.Api("/credential-types"), new
        {
            name = Imports.SitePass, category = "ticket", subject = "worker", hasIssueDate = true, hasExpiryDate = true, mediaRequired = false, verificationRequired = false,
        }), HttpStatusCode.Created);
        var ann = app.UniqueEmail("ann");
        var bob = app.UniqueEmail("bob");
        await contractor.AddWorkerAsync(ann, client.Id);
        await contractor.AddWorkerAsync(bob);
        var other = await bystander.AddWorkerAsync(app.UniqueEmail("other"), client.Id);
        await bystander.AddCredentialAsync(other, await bystander.TypeIdAsync("First aid certificate"));
        await contractor.ImportAsync($"""
            {Imports.Header}
            {ann},Site pass,SP-1,2026-01-01,2027-01-01,
            """);

        // A renewal of Ann's pass (a new version of a kept credential) and a new credential for Bob.
        var import = await contractor.ImportAsync($"""
            {Imports.Header}
            {ann},Site pass,SP-2,2027-01-01,2028-01-01,
            {bob},Site pass,SP-3,2026-03-01,2027-03-01,
            """);

        Assert.Equal("succeeded", import["status"]!.GetValue<string>());
        await AssertListingsFollowTheRuleAsync([(client, OrganizationKind.Client), (contractor, OrganizationKind.Contractor), (bystander, OrganizationKind.Contractor)]);
        // The client sees Ann's pass (she works at its sites) and the bystander's certificate, not Bob's pass.
        Assert.Equal(2, (await Expect.Json(await client.Admin.GetAsync(client.Api("/credentials"))))["total"]!.GetValue<int>());
        Assert.Equal(2, (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials"))))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_into_a_network_writes_the_listings_and_counts_a_rebuild_from_the_rule_gives()
    {
        // R-K6/R-K8: the import lists its new credentials itself, for the contractor and each client that may see them,
        // and adds them to the counts; its renewals are listed again from their latest versions.
        var north = await app.SignUpAsync("client");
        var south = await app.SignUpAsync("client");
        var contractor = await app.SignUpAsync("contractor");
        var bystander = await app.SignUpAsync("contractor");
        await contractor.ConnectToClientAsync(north);
        await contractor.ConnectToClientAsync(south);
        await bystander.ConnectToClientAsync(north);
        await Expect.Status(await north.Admin.PostAsJsonAsync(north.Api("/credential-types"), new
        {
            name = Imports.SitePass, category = "ticket", subject = "worker", hasIssueDate = true, hasExpiryDate = true, mediaRequired = false, verificationRequired = false,
        }), HttpStatusCode.Created);
        var (both, northOnly, southOnly, none) = (app.UniqueEmail("both"), app.UniqueEmail("north"), app.UniqueEmail("south"), app.UniqueEmail("none"));
        var bothId = await contractor.AddWorkerAsync(both, north.Id);
        await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api($"/workers/{bothId}/client-connections"), new { clientId = south.Id }));
        await contractor.AddWorkerAsync(northOnly, north.Id);
        await contractor.AddWorkerAsync(southOnly, south.Id);
        var noneId = await contractor.AddWorkerAsync(none);
        // Already counted in groups the import adds to (the contractor's and north's passes expiring 2027-01-01): their counts grow.
        var sitePass = await contractor.TypeIdAsync(Imports.SitePass);
        await contractor.AddCredentialAsync(noneId, sitePass, issue: "2026-01-01", expiry: "2027-01-01");
        var other = await bystander.AddWorkerAsync(app.UniqueEmail("other"), north.Id);
        await bystander.AddCredentialAsync(other, sitePass, issue: "2026-01-01", expiry: "2027-01-01");
        var orgs = new[] { (north, OrganizationKind.Client), (south, OrganizationKind.Client), (contractor, OrganizationKind.Contractor), (bystander, OrganizationKind.Contractor) };

        // Passes (verified, no file needed), first aid and white cards (reviewed: pending; a white card never expires), a
        // company policy, and a new first aid certificate that the row after it renews in the same file.
        var first = await contractor.ImportAsync($"""
            {Imports.Header}
            {both},{Imports.SitePass},SP-1,2026-01-01,2027-01-01,
            {northOnly},{Imports.SitePass},SP-2,2026-01-01,2027-01-01,card.png
            {southOnly},{Imports.SitePass},SP-3,2026-02-01,2027-02-01,
            {none},{Imports.FirstAid},FA-1,2026-01-01,2028-01-01,scans/first-aid.pdf
            {both},{Imports.FirstAid},FA-2,2026-01-01,2028-01-01,scans/first-aid.pdf
            {northOnly},White card (construction induction),WC-1,2025-05-01,,card.png
            ,Public liability insurance,PL-1,2026-07-01,2027-06-30,policy.pdf
            {southOnly},{Imports.FirstAid},FA-3,2026-01-01,2027-01-01,scans/first-aid.pdf
            {southOnly},{Imports.FirstAid},FA-4,2027-01-01,2028-01-01,renewed.pdf
            """, Imports.Zip(("scans/first-aid.pdf", Uploads.Pdf("first aid")), ("card.png", Uploads.Png()), ("policy.pdf", Uploads.Pdf("policy")),
            ("renewed.pdf", Uploads.Pdf("renewed"))));

        Assert.Equal("succeeded", first["status"]!.GetValue<string>());
        Assert.Equal((8, 1), (first["createdRows"]!.GetValue<int>(), first["versionRows"]!.GetValue<int>()));
        await AssertListingsFollowTheRuleAsync(orgs);
        await AssertKeptListingsEqualARebuildAsync();
        // North: the bystander's pass and two of these, the first aid of the worker at both sites, the white card, the policy.
        Assert.Equal(6, (await Expect.Json(await north.Admin.GetAsync(north.Api("/credentials"))))["total"]!.GetValue<int>());
        Assert.Equal(3, (await Expect.Json(await north.Admin.GetAsync(north.Api($"/credentials?credentialTypeId={sitePass}"))))["total"]!.GetValue<int>());
        // South: the passes of the workers at its sites, the first aid of the worker at both, the renewed certificate, the policy.
        Assert.Equal(5, (await Expect.Json(await south.Admin.GetAsync(south.Api("/credentials"))))["total"]!.GetValue<int>());

        // Renewals of credentials kept from before (one with a new file, one without, the company's policy) and one new credential.
        var second = await contractor.ImportAsync($"""
            {Imports.Header}
            {both},{Imports.SitePass},SP-1B,2027-01-01,2028-01-01,renewal.pdf
            {none},{Imports.SitePass},SP-9,2027-01-01,2028-01-01,
            ,Public liability insurance,PL-2,2027-07-01,2028-06-30,policy.pdf
            {northOnly},Driver's licence,DL-1,2025-01-01,2030-01-01,card.png
            """, Imports.Zip(("renewal.pdf", Uploads.Pdf("renewal")), ("policy.pdf", Uploads.Pdf("policy 2")), ("card.png", Uploads.Png())));

        Assert.Equal("succeeded", second["status"]!.GetValue<string>());
        Assert.Equal((1, 3), (second["createdRows"]!.GetValue<int>(), second["versionRows"]!.GetValue<int>()));
        await AssertListingsFollowTheRuleAsync(orgs);
        await AssertKeptListingsEqualARebuildAsync();
    }

    [Fact]
    public async Task Contractors_of_one_network_adding_credentials_at_once_leave_its_counts_right()
    {
        // Both contractors' credentials land in the same count group of the client (same type, approval and expiry day).
        var client = await app.SignUpAsync("client");
        var first = await app.SignUpAsync("contractor");
        var second = await app.SignUpAsync("contractor");
        await first.ConnectToClientAsync(client);
        await second.ConnectToClientAsync(client);
        var firstWorker = await first.AddWorkerAsync(app.UniqueEmail("first"), client.Id);
        var secondWorker = await second.AddWorkerAsync(app.UniqueEmail("second"), client.Id);
        var firstAid = await first.TypeIdAsync("First aid certificate");

        var adds = Enumerable.Range(0, 6).SelectMany(_ => new[]
        {
            first.AddCredentialAsync(firstWorker, firstAid, expiry: "2027-06-30"),
            second.AddCredentialAsync(secondWorker, firstAid, expiry: "2027-06-30"),
        });
        await Task.WhenAll(adds);

        await AssertListingsFollowTheRuleAsync([(client, OrganizationKind.Client), (first, OrganizationKind.Contractor), (second, OrganizationKind.Contractor)]);
        Assert.Equal(12, (await Expect.Json(await client.Admin.GetAsync(client.Api($"/credentials?credentialTypeId={firstAid}&status=pending"))))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_page_read_from_either_end_keeps_the_list_order()
    {
        var contractor = await app.SignUpAsync("contractor");
        var worker = await contractor.AddWorkerAsync(app.UniqueEmail("pages"));
        var firstAid = await contractor.TypeIdAsync("First aid certificate");
        foreach (var expiry in new[] { "2027-03-01", "2026-12-01", "2027-03-01", "2028-01-01", "2026-12-01", "2027-03-01", "2029-05-05" })
            await contractor.AddCredentialAsync(worker, firstAid, expiry: expiry);
        await Expect.Json(await contractor.Admin.PostAsync(contractor.Api("/credentials"), Uploads.Form(new Dictionary<string, string?>
        {
            ["workerId"] = worker, ["credentialTypeId"] = await contractor.TypeIdAsync("White card (construction induction)"), ["issueDate"] = "2025-05-01",
        }, ("white card.jpg", Uploads.Png()))), HttpStatusCode.Created);

        foreach (var sort in new[] { "expiryDate", "-expiryDate" })
        {
            var all = await IdsAsync(contractor, $"sort={sort}&pageSize=500");
            Assert.Equal(8, all.Count);
            var paged = new List<string>();
            for (var page = 1; page <= 3; page++) paged.AddRange(await IdsAsync(contractor, $"sort={sort}&pageSize=3&page={page}"));
            Assert.Equal(all, paged);
            Assert.Empty(await IdsAsync(contractor, $"sort={sort}&pageSize=3&page=4"));
        }
        // A credential that never expires sorts after every date.
        var last = (await Expect.Json(await contractor.Admin.GetAsync(contractor.Api("/credentials?pageSize=1&page=8"))))["items"]![0]!;
        Assert.Null(last["expiryDate"]?.GetValue<string>());
    }

    private static async Task<List<string>> IdsAsync(TestOrg org, string query) =>
        (await Expect.Json(await org.Admin.GetAsync(org.Api($"/credentials?{query}"))))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    private Task AssertListingsFollowTheRuleAsync((TestOrg Org, OrganizationKind Kind)[] orgs) => app.WithDbAsync(async db =>
    {
        foreach (var (org, kind) in orgs)
        {
            var visible = await db.CredentialsVisibleTo(org.Id, kind).Select(r => r.Credential.Id).ToListAsync();
            var credentials = await db.Credentials.IgnoreQueryFilters().AsNoTracking().Include(c => c.Versions).ThenInclude(v => v.StoredFiles)
                .Where(c => visible.Contains(c.Id)).ToListAsync();
            var expected = credentials.Select(c =>
            {
                var file = c.Versions.Single(v => v.Number == c.LatestVersionNumber).StoredFiles.OrderBy(f => f.Id).FirstOrDefault()?.FileName;
                return Describe(c.Id, c.OrganizationId, c.Subject, c.WorkerId, c.CredentialTypeId, c.IsArchived, c.Approval, c.IssueOn, c.ExpiryOn,
                    c.ExpiryOn ?? CredentialListing.Never, c.CredentialNumber, c.LatestVersionNumber, file);
            }).Order(StringComparer.Ordinal);
            var listed = await db.CredentialListings.IgnoreQueryFilters().AsNoTracking().Where(l => l.ViewerId == org.Id).ToListAsync();
            var actual = listed.Select(l => Describe(l.CredentialId, l.OrganizationId, l.Subject, l.WorkerId, l.CredentialTypeId, l.IsArchived, l.Approval,
                l.IssueOn, l.ExpiryOn, l.ExpiresOn, l.CredentialNumber, l.LatestVersionNumber, l.FileName)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);

            // The kept counts are the listings grouped by key, with no empty groups.
            var expectedCounts = listed.GroupBy(l => (l.IsArchived, l.CredentialTypeId, l.Approval, l.ExpiresOn))
                .Select(g => Describe(g.Key.IsArchived, g.Key.CredentialTypeId, g.Key.Approval, g.Key.ExpiresOn, g.Count())).Order(StringComparer.Ordinal);
            var counts = await db.CredentialListingCounts.IgnoreQueryFilters().AsNoTracking().Where(c => c.ViewerId == org.Id).ToListAsync();
            var actualCounts = counts.Select(c => Describe(c.IsArchived, c.CredentialTypeId, c.Approval, c.ExpiresOn, c.Count)).Order(StringComparer.Ordinal);
            Assert.Equal(expectedCounts, actualCounts);
        }
        // Nobody else lists these contractors' credentials.
        var ids = orgs.Select(o => o.Org.Id).ToList();
        var viewers = await db.CredentialListings.IgnoreQueryFilters().Where(l => ids.Contains(l.OrganizationId)).Select(l => l.ViewerId).Distinct().ToListAsync();
        Assert.All(viewers, v => Assert.Contains(v, ids));
        return true;
    });

    /// <summary>
    /// Every kept listing and count, as stored (each column as text: a date that PostgreSQL holds as 'infinity' shows),
    /// equals what <see cref="Listings.RebuildAsync"/> derives from the rule, rebuilt in a transaction that is rolled back.
    /// </summary>
    private Task AssertKeptListingsEqualARebuildAsync() => app.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var kept = (await RowsAsync(db, ListingColumns), await RowsAsync(db, CountColumns));
            await using var rebuild = await db.Database.BeginTransactionAsync();
            await Listings.RebuildAsync(db);
            var rebuilt = (await RowsAsync(db, ListingColumns), await RowsAsync(db, CountColumns));
            await rebuild.RollbackAsync();
            Assert.NotEmpty(rebuilt.Item1);
            Assert.Equal(rebuilt.Item1, kept.Item1);
            Assert.Equal(rebuilt.Item2, kept.Item2);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return true;
    });

    private const string ListingColumns =
        """
        SELECT CAST("ViewerId" AS TEXT), CAST("CredentialId" AS TEXT), CAST("OrganizationId" AS TEXT), "Subject", CAST("WorkerId" AS TEXT),
            CAST("CredentialTypeId" AS TEXT), CAST("IsArchived" AS TEXT), "Approval", CAST("IssueOn" AS TEXT), CAST("ExpiryOn" AS TEXT),
            CAST("ExpiresOn" AS TEXT), "CredentialNumber", CAST("LatestVersionNumber" AS TEXT), "FileName"
        FROM "CredentialListings"
        """;

    private const string CountColumns =
        """
        SELECT CAST("ViewerId" AS TEXT), CAST("IsArchived" AS TEXT), CAST("CredentialTypeId" AS TEXT), "Approval", CAST("ExpiresOn" AS TEXT), CAST("Count" AS TEXT)
        FROM "CredentialListingCounts"
        """;

    private static async Task<List<string>> RowsAsync(AppDb db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetString(i))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Describe(params object?[] values) => string.Join(" | ", values.Select(v => v?.ToString() ?? "null"));
}
