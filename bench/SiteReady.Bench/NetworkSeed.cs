using System.Diagnostics;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Domain.Workers;

namespace SiteReady.Bench;

/// <summary>
/// A client's network at scale, written with raw SQL after the app has created the schema and the
/// shared catalogue, and after the client signed up through the API:
/// <list type="bullet">
/// <item>20 contractors connected to the client and 2 connected only to another client; one admin each.</item>
/// <item>Workers (default 50,000), each with a user account; 95 % work for the connected contractors and
/// 9 in 10 of those are connected to the client, the others to the other client only.</item>
/// <item>The client's own 8 worker credential types beside the operator's catalogue (5 worker, 2 company types).</item>
/// <item><c>rows</c> (default 1,000,000) live credentials the client sees (not archived), plus 5 % more archived ones
/// it sees and 10 % more it does not (workers or contractors outside its network), each with one version and one
/// file. Types are skewed (licence and first aid 14 % each); expiry dates spread from two years ago to three years
/// ahead (white cards never expire); 80 % verified, 12 % pending, 8 % not accepted.</item>
/// </list>
/// Ids are time-ordered UUIDv7 over the last three years, as the app creates them. A fixed random seed
/// makes two runs seed the same network (apart from the day the dates are relative to).
/// </summary>
public sealed class NetworkSeed(int rows, int workers, DateTimeOffset now, DateOnly today)
{
    public const int ConnectedContractors = 20;
    public const int OtherContractors = 2;
    public const int CompanyCredentialsPerContractor = 5;
    private const int Seed = 20_261_122;

    public static readonly string[] ClientTypeNames =
    [
        "Site induction – North pit", "Site induction – Processing plant", "Confined space entry", "Isolation and lockout",
        "Respirator fit test", "Drug and alcohol clearance", "Medical fitness", "Explosives handling permit",
    ];

    private static readonly string[] FirstNames =
    [
        "Olivia", "Noah", "Charlotte", "Oliver", "Amelia", "Jack", "Isla", "William", "Mia", "Leo", "Ava", "Lucas", "Grace", "Thomas",
        "Chloe", "Henry", "Zoe", "James", "Ruby", "Ethan", "Sophie", "Liam", "Harper", "Mason", "Ella", "Hugo", "Matilda", "Archie",
        "Willow", "Max", "Ivy", "Harrison", "Sienna", "Samuel", "Evie", "Charlie", "Lily", "Isaac", "Aria", "Mateo", "Hannah", "Kai",
        "Priya", "Wei", "Aroha", "Nikolai", "Fatima", "Diego", "Mei", "Tane",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin", "Anderson", "Thompson", "Nguyen",
        "Thomas", "Walker", "Harris", "Lee", "Ryan", "Robinson", "Kelly", "King", "Davis", "Wright", "Evans", "Roberts", "Green",
        "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mitchell", "Campbell", "O'Brien",
        "Murphy", "Scott", "Young", "Turner", "Edwards", "Cooper", "Baker", "Hill", "Morris", "Tran", "Chen", "Singh", "Kowalski",
        "Papadopoulos", "Rossi", "Müller", "García", "Ngata", "Ahmed",
    ];

    private static readonly string[] FileNames = ["front.jpg", "scan.pdf", "photo.png", "certificate.pdf", "card.jpg", "IMG_2041.HEIC"];

    public sealed record CatalogueType(Guid Id, string Name, CredentialSubject Subject, bool HasExpiryDate);

    /// <summary>What the benchmarks need to know about the seeded network.</summary>
    public sealed record Network(Guid ClientId, Guid OtherClientId, Guid PopularTypeId, string PopularTypeName, int LiveVisible, int ArchivedVisible, int Hidden, int Workers);

    private readonly record struct Org(Guid Id, string Name, Guid AdminUserId, bool Connected);
    private readonly record struct WorkerRow(Guid Id, Guid UserId, int Contractor, bool Visible);
    private readonly record struct TypeChoice(Guid Id, CredentialSubject Subject, bool HasExpiryDate, string Prefix, int Weight);

    public async Task<Network> WriteAsync(ISeedWriter writer, Guid clientId, Guid clientAdminId, IReadOnlyList<CatalogueType> catalogue, Action<string> progress)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(Seed);
        var start = now.AddYears(-3);
        DateTimeOffset At(double fraction) => start + (now - start) * fraction;

        // Organisations: the other client and the contractors, with an admin each.
        var otherClient = new Org(SeedIds.V7(At(0.001), random), "Other Client Holdings", Guid.Empty, false);
        var contractors = Enumerable.Range(0, ConnectedContractors + OtherContractors)
            .Select(i => new Org(SeedIds.V7(At(0.002 + i * 0.0001), random), $"Contractor {i + 1:00} Pty Ltd", SeedIds.V7(At(0.002 + i * 0.0001), random), i < ConnectedContractors))
            .ToList();
        await writer.BeginAsync(Tables.Organizations);
        writer.Row(otherClient.Id, OrganizationKind.Client, otherClient.Name, null, "Australia/Perth", 30, At(0.001), 0);
        foreach (var c in contractors) writer.Row(c.Id, OrganizationKind.Contractor, c.Name, null, "Australia/Perth", 30, At(0.002), 0);
        await writer.EndAsync();

        // Workers: the connected contractors employ 95 %; 9 in 10 of theirs are connected to the client.
        var workerRows = new WorkerRow[workers];
        var connectedWorkers = workers * 95 / 100;
        for (var w = 0; w < workers; w++)
        {
            var contractor = w < connectedWorkers ? w % ConnectedContractors : ConnectedContractors + w % OtherContractors;
            var visible = w < connectedWorkers && random.Next(10) != 0;
            var at = At(0.003 + 0.1 * w / workers);
            workerRows[w] = new WorkerRow(SeedIds.V7(at, random), SeedIds.V7(at, random), contractor, visible);
        }

        await writer.BeginAsync(Tables.Users);
        foreach (var (c, i) in contractors.Select((c, i) => (c, i)))
            WriteUser(writer, c.AdminUserId, "Alex", $"Admin{i + 1:00}", $"admin@contractor{i + 1:00}.bench.test", At(0.002), random);
        foreach (var (w, i) in workerRows.Select((w, i) => (w, i)))
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var email = $"{first}.{last}.{i}@contractor{w.Contractor + 1:00}.bench.test".ToLowerInvariant();
            WriteUser(writer, w.UserId, first, last, email, At(0.003 + 0.1 * i / workers), random);
        }
        await writer.EndAsync();

        await writer.BeginAsync(Tables.Memberships);
        foreach (var c in contractors)
            writer.Row(SeedIds.V7(At(0.002), random), c.Id, c.AdminUserId, Role.Admin, MembershipStatus.Active, null, true, At(0.002), At(0.002), 0);
        await writer.EndAsync();

        await writer.BeginAsync(Tables.ClientConnections);
        foreach (var (c, i) in contractors.Select((c, i) => (c, i)))
        {
            var at = At(0.0025);
            if (c.Connected) writer.Row(SeedIds.V7(at, random), clientId, c.Id, c.Id, ConnectionStatus.Connected, at, at, null, null, null, 0);
            if (!c.Connected || i % 4 == 0) writer.Row(SeedIds.V7(at, random), otherClient.Id, c.Id, c.Id, ConnectionStatus.Connected, at, at, null, null, null, 0);
        }
        await writer.EndAsync();

        await writer.BeginAsync(Tables.Workers);
        foreach (var (w, i) in workerRows.Select((w, i) => (w, i)))
        {
            var at = At(0.003 + 0.1 * i / workers);
            var (mode, status) = (i % 10) switch
            {
                0 => (ManagementMode.SelfManaged, InviteStatus.Active),
                1 => (ManagementMode.EmployerManaged, InviteStatus.Invited),
                2 => (ManagementMode.EmployerManaged, InviteStatus.Initial),
                _ => (ManagementMode.EmployerManaged, InviteStatus.Active),
            };
            writer.Row(w.Id, contractors[w.Contractor].Id, w.UserId, mode, status, null, contractors[w.Contractor].AdminUserId, at,
                status == InviteStatus.Active ? at.AddDays(2) : null, 0);
        }
        await writer.EndAsync();

        await writer.BeginAsync(Tables.WorkerClientConnections);
        foreach (var (w, i) in workerRows.Select((w, i) => (w, i)))
        {
            var at = At(0.003 + 0.1 * i / workers);
            writer.Row(SeedIds.V7(at, random), contractors[w.Contractor].Id, w.Id, w.Visible ? clientId : otherClient.Id, Array.Empty<Guid>(), at);
        }
        await writer.EndAsync();

        // The client's own types beside the catalogue.
        var clientTypes = ClientTypeNames.Select(name => new CatalogueType(SeedIds.V7(At(0.0015), random), name, CredentialSubject.Worker, true)).ToList();
        await writer.BeginAsync(Tables.CredentialTypes);
        foreach (var t in clientTypes)
            writer.Row(t.Id, clientId, false, t.Name, CredentialCategory.Ticket, CredentialSubject.Worker, true, true, true, true, At(0.0015), 0);
        await writer.EndAsync();
        progress($"organisations, {workers:N0} workers and their connections in {clock.Elapsed.TotalSeconds:N1} s");

        var weights = new Dictionary<string, (string Prefix, int Weight)>
        {
            ["Driver's licence"] = ("DL", 140), ["First aid certificate"] = ("FA", 140), ["High-risk work licence"] = ("HRW", 100),
            ["Working at heights"] = ("WAH", 100), ["White card (construction induction)"] = ("WC", 80),
        };
        var workerTypes = catalogue.Where(t => t.Subject == CredentialSubject.Worker)
            .Select(t => new TypeChoice(t.Id, t.Subject, t.HasExpiryDate, weights.GetValueOrDefault(t.Name, (Prefix: "X", Weight: 50)).Prefix, weights.GetValueOrDefault(t.Name, (Prefix: "X", Weight: 50)).Weight))
            .Concat(clientTypes.Select((t, i) => new TypeChoice(t.Id, t.Subject, t.HasExpiryDate, $"S{i}", 55)))
            .ToArray();
        var companyTypes = catalogue.Where(t => t.Subject == CredentialSubject.Company).Select(t => new TypeChoice(t.Id, t.Subject, t.HasExpiryDate, "INS", 1)).ToArray();
        var popular = catalogue.Single(t => t.Name == "First aid certificate");

        var plan = new CredentialPlan(rows, workerRows, contractors.Select(c => (c.Id, c.AdminUserId, c.Connected)).ToArray(), workerTypes, companyTypes,
            start, now, today);
        await writer.BeginAsync(Tables.Credentials);
        foreach (var c in plan.Generate())
            writer.Row(c.Id, c.ContractorId, c.Subject, c.WorkerId, c.TypeId, c.Archived, c.Archived ? c.CreatedAt.AddDays(30) : null, c.CreatedAt,
                c.CreatedBy, 1, c.IssueOn, c.ExpiryOn, c.Number, c.Approval, 0);
        await writer.EndAsync();
        progress($"{plan.Total:N0} credentials in {clock.Elapsed.TotalSeconds:N1} s");
        await writer.BeginAsync(Tables.CredentialVersions);
        foreach (var c in plan.Generate())
        {
            var reviewed = c.Approval != Approval.Pending;
            writer.Row(c.VersionId, c.Id, c.ContractorId, 1, c.IssueOn, c.ExpiryOn, c.Number, c.Approval,
                c.Approval == Approval.NotAccepted ? "The photo is too blurry to read the expiry date." : null,
                reviewed ? clientAdminId : null, reviewed ? c.CreatedAt.AddDays(1) : null, c.CreatedBy, c.CreatedAt);
        }
        await writer.EndAsync();
        progress($"versions in {clock.Elapsed.TotalSeconds:N1} s");
        await writer.BeginAsync(Tables.CredentialFiles);
        foreach (var c in plan.Generate())
        {
            var name = $"{c.Prefix.ToLowerInvariant()}-{FileNames[c.FileKind]}";
            writer.Row(c.FileId, c.VersionId, c.ContractorId, name, ContentTypeOf(name), 150_000L + c.FileKind * 40_000, $"files/{c.ContractorId:N}/{c.FileId:N}", c.Sha256);
        }
        await writer.EndAsync();
        progress($"files in {clock.Elapsed.TotalSeconds:N1} s");
        await writer.CommitAsync();

        return new Network(clientId, otherClient.Id, popular.Id, popular.Name, plan.LiveVisible, plan.ArchivedVisible, plan.Hidden, workers);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".heic" => "image/heic",
        _ => "image/jpeg",
    };

    private static void WriteUser(ISeedWriter writer, Guid id, string first, string last, string email, DateTimeOffset at, Random random) =>
        writer.Row(id, first, last, at, email, email.ToUpperInvariant(), email, email.ToUpperInvariant(), true, null,
            SeedIds.Hex(random, 32).ToUpperInvariant(), SeedIds.Hex(random, 32), null, false, false, null, true, 0);

    /// <summary>The table layouts written, column by column as the migration scripts declare them.</summary>
    public static class Tables
    {
        public static readonly Table Organizations = new("Organizations",
            ("Id", Col.Uuid), ("Kind", Col.Text), ("Name", Col.Text), ("BusinessIdentifier", Col.Text), ("TimeZone", Col.Text),
            ("ExpiringSoonDays", Col.Int), ("CreatedAt", Col.Instant), ("Version", Col.Int));

        public static readonly Table Users = new("AspNetUsers",
            ("Id", Col.Uuid), ("FirstName", Col.Text), ("LastName", Col.Text), ("CreatedAt", Col.Instant), ("UserName", Col.Text),
            ("NormalizedUserName", Col.Text), ("Email", Col.Text), ("NormalizedEmail", Col.Text), ("EmailConfirmed", Col.Bool),
            ("PasswordHash", Col.Text), ("SecurityStamp", Col.Text), ("ConcurrencyStamp", Col.Text), ("PhoneNumber", Col.Text),
            ("PhoneNumberConfirmed", Col.Bool), ("TwoFactorEnabled", Col.Bool), ("LockoutEnd", Col.Instant), ("LockoutEnabled", Col.Bool),
            ("AccessFailedCount", Col.Int));

        public static readonly Table Memberships = new("Memberships",
            ("Id", Col.Uuid), ("OrganizationId", Col.Uuid), ("UserId", Col.Uuid), ("Role", Col.Text), ("Status", Col.Text),
            ("StatusBeforeDisabled", Col.Text), ("SendNotifications", Col.Bool), ("CreatedAt", Col.Instant), ("ActivatedAt", Col.Instant), ("Version", Col.Int));

        public static readonly Table ClientConnections = new("ClientConnections",
            ("Id", Col.Uuid), ("ClientId", Col.Uuid), ("ContractorId", Col.Uuid), ("RequestedByOrganizationId", Col.Uuid), ("Status", Col.Text),
            ("CreatedAt", Col.Instant), ("ConnectedAt", Col.Instant), ("DisconnectedAt", Col.Instant), ("DisconnectedByOrganizationId", Col.Uuid),
            ("DisconnectReason", Col.Text), ("Version", Col.Int));

        public static readonly Table Workers = new("Workers",
            ("Id", Col.Uuid), ("OrganizationId", Col.Uuid), ("UserId", Col.Uuid), ("ManagementMode", Col.Text), ("InviteStatus", Col.Text),
            ("StatusBeforeDisabled", Col.Text), ("CreatedByUserId", Col.Uuid), ("CreatedAt", Col.Instant), ("ActivatedAt", Col.Instant), ("Version", Col.Int));

        public static readonly Table WorkerClientConnections = new("WorkerClientConnections",
            ("Id", Col.Uuid), ("OrganizationId", Col.Uuid), ("WorkerId", Col.Uuid), ("ClientId", Col.Uuid), ("LocationIds", Col.UuidList), ("CreatedAt", Col.Instant));

        public static readonly Table CredentialTypes = new("CredentialTypes",
            ("Id", Col.Uuid), ("OwnerOrganizationId", Col.Uuid), ("IsShared", Col.Bool), ("Name", Col.Text), ("Category", Col.Text), ("Subject", Col.Text),
            ("HasIssueDate", Col.Bool), ("HasExpiryDate", Col.Bool), ("MediaRequired", Col.Bool), ("VerificationRequired", Col.Bool),
            ("CreatedAt", Col.Instant), ("Version", Col.Int));

        public static readonly Table Credentials = new("Credentials",
            ("Id", Col.Uuid), ("OrganizationId", Col.Uuid), ("Subject", Col.Text), ("WorkerId", Col.Uuid), ("CredentialTypeId", Col.Uuid),
            ("IsArchived", Col.Bool), ("ArchivedAt", Col.Instant), ("CreatedAt", Col.Instant), ("CreatedByUserId", Col.Uuid),
            ("LatestVersionNumber", Col.Int), ("IssueOn", Col.Date), ("ExpiryOn", Col.Date), ("CredentialNumber", Col.Text), ("Approval", Col.Text),
            ("Version", Col.Int));

        public static readonly Table CredentialVersions = new("CredentialVersions",
            ("Id", Col.Uuid), ("CredentialId", Col.Uuid), ("OrganizationId", Col.Uuid), ("Number", Col.Int), ("IssueOn", Col.Date),
            ("ExpiryOn", Col.Date), ("CredentialNumber", Col.Text), ("Approval", Col.Text), ("RejectReason", Col.Text),
            ("ReviewedByUserId", Col.Uuid), ("ReviewedAt", Col.Instant), ("CreatedByUserId", Col.Uuid), ("CreatedAt", Col.Instant));

        public static readonly Table CredentialFiles = new("CredentialFiles",
            ("Id", Col.Uuid), ("VersionId", Col.Uuid), ("OrganizationId", Col.Uuid), ("FileName", Col.Text), ("ContentType", Col.Text),
            ("Size", Col.Long), ("StorageKey", Col.Text), ("Sha256", Col.Text));
    }

    private readonly record struct CredentialRow(
        Guid Id, Guid VersionId, Guid FileId, Guid ContractorId, Guid? WorkerId, CredentialSubject Subject, Guid TypeId, string Prefix,
        bool Archived, DateTimeOffset CreatedAt, Guid CreatedBy, DateOnly? IssueOn, DateOnly? ExpiryOn, string Number, Approval Approval,
        int FileKind, string Sha256);

    /// <summary>The credentials, generated the same way on every pass (one pass per table).</summary>
    private sealed class CredentialPlan(int live, WorkerRow[] workers, (Guid Id, Guid AdminId, bool Connected)[] contractors,
        TypeChoice[] workerTypes, TypeChoice[] companyTypes, DateTimeOffset start, DateTimeOffset now, DateOnly today)
    {
        public int LiveVisible => live;
        public int ArchivedVisible => live / 20;
        public int Hidden => live / 10;
        public int Total => LiveVisible + ArchivedVisible + Hidden;

        public IEnumerable<CredentialRow> Generate()
        {
            var random = new Random(Seed + 1);
            var visibleWorkers = workers.Where(w => w.Visible).ToArray();
            var hiddenWorkers = workers.Where(w => !w.Visible).ToArray();
            var connected = contractors.Where(c => c.Connected).ToArray();
            var totalWeight = workerTypes.Sum(t => t.Weight);
            var companyLive = connected.Length * CompanyCredentialsPerContractor;
            int liveLeft = live, archivedLeft = ArchivedVisible, hiddenLeft = Hidden, companyLeft = companyLive;
            var total = Total;
            for (var i = 0; i < total; i++)
            {
                // Draw which kind this credential is, without replacement, so the counts are exact.
                var pick = random.Next(liveLeft + archivedLeft + hiddenLeft);
                bool visible, archived;
                if (pick < liveLeft) (visible, archived, liveLeft) = (true, false, liveLeft - 1);
                else if (pick < liveLeft + archivedLeft) (visible, archived, archivedLeft) = (true, true, archivedLeft - 1);
                else (visible, archived, hiddenLeft) = (false, random.Next(20) == 0, hiddenLeft - 1);

                var createdAt = start + (now - start) * ((i + 0.5) / total);
                var company = visible && !archived && companyLeft > 0 && random.Next(liveLeft + 1) < companyLeft;
                Guid contractorId, createdBy;
                Guid? workerId;
                TypeChoice type;
                if (company)
                {
                    companyLeft--;
                    var c = connected[random.Next(connected.Length)];
                    (contractorId, createdBy, workerId, type) = (c.Id, c.AdminId, null, companyTypes[random.Next(companyTypes.Length)]);
                }
                else
                {
                    var w = visible ? visibleWorkers[random.Next(visibleWorkers.Length)] : hiddenWorkers[random.Next(hiddenWorkers.Length)];
                    var c = contractors[w.Contractor];
                    (contractorId, createdBy, workerId) = (c.Id, c.AdminId, w.Id);
                    var roll = random.Next(totalWeight);
                    type = workerTypes[^1];
                    foreach (var t in workerTypes)
                    {
                        if (roll < t.Weight) { type = t; break; }
                        roll -= t.Weight;
                    }
                }

                DateOnly? expiry = type.HasExpiryDate ? today.AddDays(random.Next(-730, 1096)) : null;
                DateOnly issue = expiry is { } e ? e.AddYears(-(1 + random.Next(5))) : today.AddDays(-random.Next(30, 3650));
                var approvalRoll = random.Next(100);
                var approval = approvalRoll < 80 ? Approval.Verified : approvalRoll < 92 ? Approval.Pending : Approval.NotAccepted;
                // A few numbers start like a formula, as pasted from spreadsheets; the export escapes them.
                var number = random.Next(1000) == 0 ? $"-{random.Next(1_000_000):000000}" : $"{type.Prefix}{random.Next(10_000_000):0000000}";
                yield return new CredentialRow(SeedIds.V7(createdAt, random), SeedIds.V7(createdAt, random), SeedIds.V7(createdAt, random),
                    contractorId, workerId, type.Subject, type.Id, type.Prefix, archived, createdAt, createdBy, issue, expiry, number, approval,
                    random.Next(FileNames.Length), SeedIds.Hex(random, 64));
            }
        }
    }
}
