using System.Globalization;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Imports;

namespace SiteReady.Tests.Credentials;

/// <summary>
/// R-K8: the pieces the import's check pass is built from, held to what they stand in for: .NET's exact date
/// parser, a dictionary, and a binary file read back as written.
/// </summary>
public class ImportPartsTests
{
    [Fact]
    public void The_iso_date_shortcut_accepts_and_reads_exactly_what_the_exact_parser_does()
    {
        var texts = new List<string>();
        for (var day = new DateOnly(2023, 1, 1); day <= new DateOnly(2025, 1, 10); day = day.AddDays(1)) texts.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        texts.AddRange([
            "0001-01-01", "9999-12-31", "0000-01-01", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2023-13-01", "2023-00-10", "2023-01-00",
            "2023-01-32", "2023-04-31", "2023-1-01", "2023-01-1", "23-01-01", " 2023-01-01", "2023-01-01 ", "2023/01/01", "2023-01-01T00:00",
            "+023-01-01", "-023-01-01", "２０２３-01-01", "2023-0١-01", "2023-01-01\0", "", "2023--01-01", "20230101", "2023-01-01x", "abcd-ef-gh",
        ]);

        var iso = new ImportDates.Reader(null);
        var named = new ImportDates.Reader(ImportDates.Iso);
        foreach (var text in texts)
        {
            var expected = DateOnly.TryParseExact(text, ImportDates.Iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null;
            Assert.Equal(expected, iso.TryParse(text, out var read) ? read : null);
            Assert.Equal(expected, named.TryParse(text, out var again) ? again : null);
        }
    }

    [Fact]
    public void A_named_date_format_reads_the_same_on_every_row_that_repeats_a_date()
    {
        var reader = new ImportDates.Reader("dd/MM/yyyy");

        for (var round = 0; round < 3; round++)
        {
            Assert.True(reader.TryParse("15/01/2026", out var date));
            Assert.Equal(new DateOnly(2026, 1, 15), date);
            Assert.False(reader.TryParse("2026-01-15", out _));
            Assert.False(reader.TryParse("31/02/2026", out _));
            Assert.True(reader.TryParse("29/02/2024", out var leap));
            Assert.Equal(new DateOnly(2024, 2, 29), leap);
        }
    }

    [Fact]
    public void The_row_index_keeps_what_a_dictionary_would_through_growth_and_presizing()
    {
        var random = new Random(8);
        var index = new ImportIndex<int>();
        var expected = new Dictionary<(ulong, ulong), int>();
        for (var i = 0; i < 200_000; i++)
        {
            if (i == 50_000) index.EnsureCapacity(150_000);
            // Few distinct keys at first, so adding the same key again is common; the detail may be 0, as the renewals index uses it.
            var key = ((ulong)(uint)random.Next(-1, i < 20_000 ? 300 : 60_000) << 32) | (uint)random.Next(0, 3);
            var detail = random.Next(4) == 0 ? 0UL : (ulong)random.NextInt64();
            if (random.Next(3) == 0)
            {
                Assert.Equal(expected.TryGetValue((key, detail), out var value), index.TryGetValue(key, detail, out var found));
                Assert.Equal(value, found);
                continue;
            }
            ref var slot = ref index.GetValueRefOrAddDefault(key, detail, out var exists);
            Assert.Equal(expected.ContainsKey((key, detail)), exists);
            Assert.Equal(expected.GetValueOrDefault((key, detail)), slot);
            slot = i;
            expected[(key, detail)] = i;
        }
        Assert.Equal(expected.Count, index.Count);
        foreach (var ((key, detail), value) in expected)
        {
            Assert.True(index.TryGetValue(key, detail, out var found));
            Assert.Equal(value, found);
        }
    }

    [Fact]
    public void A_plan_reads_back_every_row_and_file_as_written_as_often_as_asked()
    {
        var directory = Directory.CreateTempSubdirectory("siteready-plan-").FullName;
        try
        {
            var rows = Enumerable.Range(0, 5_000).Select(i => new PlannedRow(
                i % 2 == 0 ? PlannedKind.NewCredential : PlannedKind.NewVersion, Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), i,
                i % 7 == 0 ? null : Guid.CreateVersion7(), Guid.CreateVersion7(), i % 7 == 0 ? CredentialSubject.Company : CredentialSubject.Worker,
                i % 3 == 0 ? Approval.Pending : Approval.Verified, i % 5 == 0 ? null : new DateOnly(2026, 1, 1).AddDays(i),
                i % 11 == 0 ? null : new DateOnly(2027, 1, 1).AddDays(i),
                (i % 4) switch { 0 => null, 1 => "", 2 => $"SP-{i}", _ => $"Nº {i} “ünïcødé” 🦺 " + new string('x', i % 300) },
                i % 9 == 0 ? -1 : i)).ToList();
            var files = Enumerable.Range(0, 50).Select(i => new PlannedFile(Guid.CreateVersion7(), Guid.CreateVersion7(), $"imports/{i}",
                i == 7 ? new string('é', 100_000) : $"licence {i}.pdf", "application/pdf", i * 1_000_000L, new string('a', 64))).ToList();

            using (var plan = ImportPlan<PlannedRow>.Rows(directory))
            {
                foreach (var row in rows.Take(3_000)) plan.Add(row);
                Assert.Equal(rows.Take(3_000), plan.Read().ToList());
                Assert.Equal(rows.Take(10), plan.Read().Take(10).ToList()); // a read left halfway does not move where the next row goes
                foreach (var row in rows.Skip(3_000)) plan.Add(row);
                Assert.Equal(rows, plan.Read().ToList());
                Assert.Equal(rows, plan.Read().ToList());
            }
            using (var plan = ImportPlan<PlannedFile>.Files(directory))
            {
                foreach (var file in files) plan.Add(file);
                Assert.Equal(files, plan.Read().ToList());
                Assert.Equal(files, plan.Read().ToList());
            }
            Assert.Empty(Directory.GetFiles(directory)); // deleted once disposed
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Listings_come_out_once_per_viewer_in_key_order_batch_by_batch_and_are_counted_R_K6()
    {
        var (contractor, north, south) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (onlyNorth, both, neither) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var listings = new ImportListings(contractor, [north, south], new Dictionary<Guid, int[]> { [onlyNorth] = [0], [both] = [0, 1] });
        var day = new DateOnly(2027, 3, 1);
        PlannedRow Row(Guid? worker, DateOnly? expiry, PlannedKind kind = PlannedKind.NewCredential) =>
            new(kind, Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), 1, worker, Guid.CreateVersion7(),
                worker is null ? CredentialSubject.Company : CredentialSubject.Worker, Approval.Verified, null, expiry, null, 0);
        // Two batches of three listed rows; a new version of an existing credential is not listed here.
        PlannedRow[] rows =
        [
            Row(both, day.AddDays(9)), Row(neither, null), Row(onlyNorth, day), Row(both, day, PlannedKind.NewVersion),
            Row(null, day.AddDays(9)), Row(both, day.AddDays(-5)), Row(onlyNorth, day.AddDays(-5)),
        ];

        var written = listings.InKeyOrder(rows, batchSize: 3).Select(l => (l.ViewerId, Index: Array.IndexOf(rows, l.Row))).ToList();

        // Each batch: the contractor's listings by expiry (never last; equal days in plan order), then each client's.
        Assert.Equal(
        [
            (contractor, 2), (contractor, 0), (contractor, 1), (north, 2), (north, 0), (south, 0),
            (contractor, 5), (contractor, 6), (contractor, 4), (north, 5), (north, 6), (north, 4), (south, 5), (south, 4),
        ], written);
        Assert.Equal(written.Count, listings.Written);
        Assert.Equal(written.Count, listings.Counts.Values.Sum());
        // Every row has a type of its own here, so each listing is a group of one, keyed by its viewer, type, approval and expiry.
        Assert.All(listings.Counts.Values, count => Assert.Equal(1, count));
        Assert.Contains(new ImportListings.Group(south, rows[4].TypeId, Approval.Verified, day.AddDays(9)), listings.Counts.Keys);
        Assert.Contains(new ImportListings.Group(contractor, rows[1].TypeId, Approval.Verified, CredentialListing.Never), listings.Counts.Keys);
    }
}
