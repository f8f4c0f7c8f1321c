using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;

namespace SiteReady.Bench;

/// <summary>
/// R-K8: a CSV of new credentials for existing workers, uploaded through the app's real HTTP endpoint (Kestrel on
/// a loopback port, in this process) and imported in the background, measured from the POST until a poll sees the
/// import succeeded. The baseline is the floor: the same rows (credential, version, activity) written into a fresh
/// database of the same schema by one raw transaction: prepared Microsoft.Data.Sqlite INSERTs, or binary COPY on
/// PostgreSQL. Options: --rows (100000), --workers (50000). From 1,000,000 rows it also reports this process's peak
/// memory (VmHWM, reset just before the upload) during the import, beside the peak during the floor's insert.
/// </summary>
public sealed class ImportBench : IBench
{
    private const string Password = "bench horse battery staple";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    public string Name => "import";
    public string Description => "CSV credential import end to end over HTTP vs a raw bulk insert of the same rows (R-K8)";

    public async Task RunAsync(BenchContext context)
    {
        var rows = context.Int("rows", 100_000);
        var workers = context.Int("workers", 50_000);
        var types = Math.Max(1, (int)Math.Ceiling(rows / (double)workers)); // one credential per worker and type: every row creates one
        var postgres = context.Provider is "postgres" or "postgresql";
        if (postgres && context.PostgresAdmin is null)
            throw new InvalidOperationException("--provider postgres needs SITEREADY_BENCH_PG, a connection string to a server where databases may be created.");
        var root = Directory.CreateTempSubdirectory("siteready-bench-import-").FullName;
        try
        {
            Console.WriteLine($"  {rows:N0} rows for {workers:N0} workers and {types} credential types");

            // Ours: through the endpoint, end to end.
            double ours, peak;
            await using (var app = await BenchApp.StartAsync(context, postgres, Path.Combine(root, "ours"), "ours"))
            {
                var seed = Stopwatch.StartNew();
                var (_, typeNames) = await app.SeedAsync(workers, types);
                Console.WriteLine($"  seeded {workers:N0} workers in {seed.Elapsed.TotalSeconds:F1} s");
                var csv = Path.Combine(root, "credentials.csv");
                await WriteCsvAsync(csv, rows, workers, typeNames);
                Console.WriteLine($"  CSV: {new FileInfo(csv).Length / 1024.0 / 1024.0:F1} MB");
                ResetPeakMemory();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var import = await app.ImportAsync(csv);
                var elapsed = clock.Elapsed.TotalSeconds;
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                peak = BenchContext.PeakMemoryMb();
                if (import["status"]!.GetValue<string>() != "succeeded" || import["createdRows"]!.GetValue<int>() != rows)
                    throw new InvalidOperationException($"The import did not create every row: {import.ToJsonString()[..Math.Min(2000, import.ToJsonString().Length)]}");
                ours = rows / elapsed;
                Console.WriteLine($"  ours: {elapsed:F2} s end to end ({cpu.TotalSeconds:F2} s CPU in this process)");
            }

            // The floor: the same rows by one raw transaction into a fresh database of the same schema.
            double floor, floorPeak;
            await using (var app = await BenchApp.StartAsync(context, postgres, Path.Combine(root, "floor"), "floor"))
            {
                var (workerIds, _) = await app.SeedAsync(workers, types);
                var typeIds = await app.TypeIdsAsync();
                ResetPeakMemory();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var elapsed = postgres
                    ? await app.CopyFloorAsync(rows, workerIds, typeIds)
                    : app.InsertFloor(rows, workerIds, typeIds);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                floorPeak = BenchContext.PeakMemoryMb();
                floor = rows / elapsed;
                Console.WriteLine($"  floor: {elapsed:F2} s ({cpu.TotalSeconds:F2} s CPU in this process)");
            }

            context.Report(Name, "rows/s, HTTP upload to committed", ours, floor, "rows/s",
                postgres ? "near the binary COPY floor" : "≥ 100,000 rows/s");
            if (rows >= 1_000_000)
                context.Report(Name, $"peak memory, {rows:N0}-row import", peak, floorPeak, "MB", "≤ 400 MB", higherIsBetter: false);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Row i: worker i mod W, type i div W, so every row is a new credential; dates vary so rows differ.</summary>
    private static async Task WriteCsvAsync(string path, int rows, int workers, IReadOnlyList<string> typeNames)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync("worker_email,credential_type,credential_number,issue_date,expiry_date,file\n");
        for (var i = 0; i < rows; i++)
        {
            var (issue, expiry) = Dates(i);
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Email(i % workers)},{typeNames[i / workers]},BN-{i:D7},{issue:yyyy-MM-dd},{expiry:yyyy-MM-dd},\n"));
        }
    }

    private static (DateOnly Issue, DateOnly Expiry) Dates(int row)
    {
        var issue = new DateOnly(2024, 1, 1).AddDays(row % 700);
        return (issue, issue.AddYears(3));
    }

    private static string Email(int worker) => $"bench-{worker}@example.test";

    /// <summary>Linux: start VmHWM afresh, so the peak measured is the import's, not the seeding's.</summary>
    private static void ResetPeakMemory()
    {
        GC.Collect();
        Memory.ResetPeak();
    }

    /// <summary>
    /// The app on its own database, with a contractor signed up through the API. (The factory is typed by AppDb:
    /// any type of the app's assembly finds its entry point, and this project has a Program of its own.)
    /// </summary>
    private sealed class BenchApp : IAsyncDisposable
    {
        private readonly WebApplicationFactory<AppDb> _factory;
        private readonly string? _postgresName;
        private readonly string? _postgresAdmin;

        private BenchApp(WebApplicationFactory<AppDb> factory, string connectionString, bool postgres, string? postgresName, string? postgresAdmin)
        {
            _factory = factory;
            ConnectionString = connectionString;
            Postgres = postgres;
            _postgresName = postgresName;
            _postgresAdmin = postgresAdmin;
        }

        public string ConnectionString { get; }
        public bool Postgres { get; }
        public HttpClient Client { get; private set; } = null!;
        public Guid OrganizationId { get; private set; }
        public Guid UserId { get; private set; }

        public static async Task<BenchApp> StartAsync(BenchContext context, bool postgres, string directory, string label)
        {
            Directory.CreateDirectory(directory);
            string connectionString;
            string? name = null;
            if (postgres)
            {
                name = $"sr_bench_{label}_{Guid.NewGuid():N}"[..40];
                await using var admin = new NpgsqlConnection(context.PostgresAdmin);
                await admin.OpenAsync();
                await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) await create.ExecuteNonQueryAsync();
                connectionString = new NpgsqlConnectionStringBuilder(context.PostgresAdmin) { Database = name }.ConnectionString;
            }
            else connectionString = $"Data Source={Path.Combine(directory, "bench.db")}";

            // The factory looks for the app's folder beside the solution file; here it lives under src/.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SITEREADY_WEB", AppFolder());
            var factory = new WebApplicationFactory<AppDb>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Bench");
                b.UseSetting("Database:Provider", postgres ? "postgres" : "sqlite");
                b.UseSetting("ConnectionStrings:SiteReady", connectionString);
                b.UseSetting("SiteReady:DataDirectory", directory);
                b.UseSetting("SiteReady:PasswordHashIterations", "1000");
                b.UseSetting("SiteReady:RateLimits:AuthPerMinute", "100000");
                b.UseSetting("Logging:LogLevel:Default", "Warning");
                b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
                b.UseSetting("Logging:LogLevel:SiteReady.Web.Features.Imports", "Information"); // the import's phases, timed
            });
            factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0)); // real HTTP on a loopback port, so the upload streams as it would in production
            factory.StartServer();
            var app = new BenchApp(factory, connectionString, postgres, name, context.PostgresAdmin);
            // No redirect handler: it would buffer the whole upload in memory to be able to send it again.
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            app.Client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(address), AllowAutoRedirect = false, HandleCookies = false });
            app.Client.Timeout = TimeSpan.FromMinutes(30);
            var email = $"admin-{label}@bench.test";
            var signUp = await app.Client.PostAsJsonAsync("/api/v1/organizations/signup", new
            {
                kind = "contractor", name = $"Bench {label}", admin = new { email, firstName = "Bea", lastName = "Bench", password = Password },
            });
            var created = await Json(signUp, HttpStatusCode.Created);
            app.OrganizationId = Guid.Parse(created["organizationId"]!.GetValue<string>());
            app.UserId = Guid.Parse(created["userId"]!.GetValue<string>());
            var login = await Json(await app.Client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password }), HttpStatusCode.OK);
            app.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());
            return app;
        }

        /// <summary>Workers (with their accounts) and shared credential types needing no file, by raw SQL: seeding is not what is measured.</summary>
        public async Task<(Guid[] WorkerIds, List<string> TypeNames)> SeedAsync(int workers, int types)
        {
            var ids = new IdSequence(Now);
            var workerIds = new Guid[workers];
            var userIds = new Guid[workers];
            for (var i = 0; i < workers; i++) (userIds[i], workerIds[i]) = (ids.Next(), ids.Next());
            var typeNames = Enumerable.Range(1, types).Select(t => $"Bench ticket {t:D2}").ToList();
            var typeIds = typeNames.Select(_ => ids.Next()).ToList();
            if (Postgres) await SeedPostgresAsync(userIds, workerIds, typeIds, typeNames);
            else SeedSqlite(userIds, workerIds, typeIds, typeNames);
            return (workerIds, typeNames);
        }

        private void SeedSqlite(Guid[] userIds, Guid[] workerIds, List<Guid> typeIds, List<string> typeNames)
        {
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var user = Command(connection, transaction,
                """
                INSERT INTO "AspNetUsers" ("Id", "FirstName", "LastName", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                    "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
                VALUES ($id, 'Wes', $last, $now, $email, $upper, $email, $upper, 0, $stamp, $stamp, 0, 0, 1, 0)
                """);
            using var worker = Command(connection, transaction,
                """
                INSERT INTO "Workers" ("Id", "OrganizationId", "UserId", "ManagementMode", "InviteStatus", "StatusBeforeDisabled", "CreatedByUserId", "CreatedAt", "ActivatedAt", "Version")
                VALUES ($id, $org, $user, 'EmployerManaged', 'Initial', NULL, $by, $now, NULL, 0)
                """);
            var org = Text(OrganizationId);
            for (var i = 0; i < workerIds.Length; i++)
            {
                var email = Email(i);
                Bind(user, ("$id", Text(userIds[i])), ("$last", $"Worker {i}"), ("$now", Now.UtcTicks), ("$email", email), ("$upper", email.ToUpperInvariant()),
                    ("$stamp", Convert.ToHexString(userIds[i].ToByteArray())));
                user.ExecuteNonQuery();
                Bind(worker, ("$id", Text(workerIds[i])), ("$org", org), ("$user", Text(userIds[i])), ("$by", Text(UserId)), ("$now", Now.UtcTicks));
                worker.ExecuteNonQuery();
            }
            using var type = Command(connection, transaction,
                """
                INSERT INTO "CredentialTypes" ("Id", "OwnerOrganizationId", "IsShared", "Name", "Category", "Subject", "HasIssueDate", "HasExpiryDate", "MediaRequired",
                    "VerificationRequired", "CreatedAt", "Version") VALUES ($id, $org, 1, $name, 'Ticket', 'Worker', 1, 1, 0, 0, $now, 0)
                """);
            for (var t = 0; t < typeIds.Count; t++)
            {
                Bind(type, ("$id", Text(typeIds[t])), ("$org", org), ("$name", typeNames[t]), ("$now", Now.UtcTicks));
                type.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        private async Task SeedPostgresAsync(Guid[] userIds, Guid[] workerIds, List<Guid> typeIds, List<string> typeNames)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "AspNetUsers" ("Id", "FirstName", "LastName", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                    "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount") FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = 0; i < userIds.Length; i++)
                {
                    var email = Email(i);
                    var stamp = Convert.ToHexString(userIds[i].ToByteArray());
                    await copy.WriteRowAsync(default, userIds[i], "Wes", $"Worker {i}", Now, email, email.ToUpperInvariant(), email, email.ToUpperInvariant(), false, stamp, stamp, false, false, true, 0);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "Workers" ("Id", "OrganizationId", "UserId", "ManagementMode", "InviteStatus", "CreatedByUserId", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = 0; i < workerIds.Length; i++)
                    await copy.WriteRowAsync(default, workerIds[i], OrganizationId, userIds[i], "EmployerManaged", "Initial", UserId, Now, 0);
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "CredentialTypes" ("Id", "OwnerOrganizationId", "IsShared", "Name", "Category", "Subject", "HasIssueDate", "HasExpiryDate", "MediaRequired",
                    "VerificationRequired", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var t = 0; t < typeIds.Count; t++)
                    await copy.WriteRowAsync(default, typeIds[t], OrganizationId, true, typeNames[t], "Ticket", "Worker", true, true, false, false, Now, 0);
                await copy.CompleteAsync();
            }
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        public async Task<List<Guid>> TypeIdsAsync()
        {
            const string sql = """SELECT "Id" FROM "CredentialTypes" WHERE "Name" LIKE 'Bench ticket %' ORDER BY "Name" """;
            var ids = new List<Guid>();
            if (Postgres)
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
            }
            else
            {
                using var connection = new SqliteConnection(ConnectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = command.ExecuteReader();
                while (reader.Read()) ids.Add(Guid.Parse(reader.GetString(0)));
            }
            return ids;
        }

        /// <summary>Uploads the CSV from disk (streamed) and polls until the import has finished.</summary>
        public async Task<JsonObject> ImportAsync(string csvPath)
        {
            await using var file = File.OpenRead(csvPath);
            using var form = new MultipartFormDataContent();
            var content = new StreamContent(file, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(content, "csv", "credentials.csv");
            var accepted = await Json(await Client.PostAsync($"/api/v1/orgs/{OrganizationId}/credential-imports?dryRun=false", form), HttpStatusCode.Accepted);
            var id = accepted["importId"]!.GetValue<string>();
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var import = await Json(await Client.GetAsync($"/api/v1/orgs/{OrganizationId}/credential-imports/{id}"), HttpStatusCode.OK);
                if (import["status"]!.GetValue<string>() is "succeeded" or "failed") return import;
                // Every 1% of the time so far, from 20 ms to at most 50 ms: the end is seen at most 50 ms late, which
                // at 100,000 rows/s is 5% of a second-long import (a coarser poll would be most of what is measured),
                // and a status read every 20 to 50 ms costs the import little.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(waited.Elapsed.TotalMilliseconds / 100, 20, 50)));
            }
        }

        /// <summary>The floor on SQLite: prepared INSERTs reused for every row, one transaction, the app's pragmas.</summary>
        public double InsertFloor(int rows, Guid[] workerIds, List<Guid> typeIds)
        {
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
                pragmas.ExecuteNonQuery();
            }
            var ids = new IdSequence(Now);
            var (org, user, now) = (Text(OrganizationId), Text(UserId), Now.UtcTicks);
            var clock = Stopwatch.StartNew();
            using var transaction = connection.BeginTransaction();
            using var credential = Command(connection, transaction,
                """
                INSERT INTO "Credentials" ("Id", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "ArchivedAt", "CreatedAt",
                    "CreatedByUserId", "LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval", "Version")
                VALUES ($id, $org, 'Worker', $worker, $type, 0, NULL, $now, $user, 1, $issue, $expiry, $number, 'Verified', 0)
                """);
            using var version = Command(connection, transaction,
                """
                INSERT INTO "CredentialVersions" ("Id", "CredentialId", "OrganizationId", "Number", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval",
                    "RejectReason", "ReviewedByUserId", "ReviewedAt", "CreatedByUserId", "CreatedAt")
                VALUES ($id, $credential, $org, 1, $issue, $expiry, $number, 'Verified', NULL, NULL, NULL, $user, $now)
                """);
            using var activity = Command(connection, transaction,
                """
                INSERT INTO "CredentialActivity" ("Id", "CredentialId", "OrganizationId", "VersionNumber", "At", "ByUserId", "Action", "Field", "From", "To")
                VALUES ($id, $credential, $org, 1, $now, $user, 'added', NULL, NULL, NULL)
                """);
            var workers = workerIds.Select(Text).ToArray();
            var types = typeIds.Select(Text).ToArray();
            var c = Parameters(credential, ("$org", org), ("$now", now), ("$user", user), ("$id", null), ("$worker", null), ("$type", null), ("$issue", null), ("$expiry", null), ("$number", null));
            var v = Parameters(version, ("$org", org), ("$now", now), ("$user", user), ("$id", null), ("$credential", null), ("$issue", null), ("$expiry", null), ("$number", null));
            var a = Parameters(activity, ("$org", org), ("$now", now), ("$user", user), ("$id", null), ("$credential", null));
            for (var i = 0; i < rows; i++)
            {
                var (issue, expiry) = Dates(i);
                var id = Text(ids.Next());
                var issueText = issue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var expiryText = expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var number = $"BN-{i:D7}";
                (c[3].Value, c[4].Value, c[5].Value, c[6].Value, c[7].Value, c[8].Value) = (id, workers[i % workers.Length], types[i / workers.Length], issueText, expiryText, number);
                credential.ExecuteNonQuery();
                (v[3].Value, v[4].Value, v[5].Value, v[6].Value, v[7].Value) = (Text(ids.Next()), id, issueText, expiryText, number);
                version.ExecuteNonQuery();
                (a[3].Value, a[4].Value) = (Text(ids.Next()), id);
                activity.ExecuteNonQuery();
            }
            transaction.Commit();
            return clock.Elapsed.TotalSeconds;
        }

        /// <summary>The floor on PostgreSQL: binary COPY into the three tables, one transaction.</summary>
        public async Task<double> CopyFloorAsync(int rows, Guid[] workerIds, List<Guid> typeIds)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            var ids = new IdSequence(Now);
            var credentialIds = new Guid[rows];
            var clock = Stopwatch.StartNew();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "Credentials" ("Id", "OrganizationId", "Subject", "WorkerId", "CredentialTypeId", "IsArchived", "CreatedAt", "CreatedByUserId",
                    "LatestVersionNumber", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval", "Version") FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = 0; i < rows; i++)
                {
                    var (issue, expiry) = Dates(i);
                    credentialIds[i] = ids.Next();
                    await copy.StartRowAsync();
                    await copy.WriteAsync(credentialIds[i], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(OrganizationId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync("Worker", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(workerIds[i % workerIds.Length], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(typeIds[i / workerIds.Length], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(UserId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(issue, NpgsqlDbType.Date);
                    await copy.WriteAsync(expiry, NpgsqlDbType.Date);
                    await copy.WriteAsync($"BN-{i:D7}", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Verified", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(0, NpgsqlDbType.Integer);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "CredentialVersions" ("Id", "CredentialId", "OrganizationId", "Number", "IssueOn", "ExpiryOn", "CredentialNumber", "Approval",
                    "CreatedByUserId", "CreatedAt") FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = 0; i < rows; i++)
                {
                    var (issue, expiry) = Dates(i);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids.Next(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync(credentialIds[i], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(OrganizationId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(issue, NpgsqlDbType.Date);
                    await copy.WriteAsync(expiry, NpgsqlDbType.Date);
                    await copy.WriteAsync($"BN-{i:D7}", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Verified", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(UserId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY "CredentialActivity" ("Id", "CredentialId", "OrganizationId", "VersionNumber", "At", "ByUserId", "Action") FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = 0; i < rows; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids.Next(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync(credentialIds[i], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(OrganizationId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(UserId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync("added", NpgsqlDbType.Varchar);
                }
                await copy.CompleteAsync();
            }
            await transaction.CommitAsync();
            return clock.Elapsed.TotalSeconds;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _factory.DisposeAsync();
            if (_postgresName is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(_postgresAdmin);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            else SqliteConnection.ClearAllPools();
        }

        private static string AppFolder()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SiteReady.slnx"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository."), "src", "SiteReady.Web");
        }

        private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static void Bind(SqliteCommand command, params (string Name, object Value)[] values)
        {
            foreach (var (name, value) in values)
            {
                if (command.Parameters.Contains(name)) command.Parameters[name].Value = value;
                else command.Parameters.AddWithValue(name, value);
            }
        }

        private static SqliteParameter[] Parameters(SqliteCommand command, params (string Name, object? Value)[] values)
        {
            var parameters = values.Select(v => command.Parameters.AddWithValue(v.Name, v.Value ?? DBNull.Value)).ToArray();
            command.Prepare();
            return parameters;
        }

        private static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected) throw new InvalidOperationException($"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)!.AsObject();
        }

        /// <summary>Guids as EF Core's SQLite provider stores them.</summary>
        private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();
    }
}
