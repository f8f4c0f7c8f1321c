using System.Globalization;
using System.Runtime.CompilerServices;

namespace SiteReady.Web.Features.Imports;

/// <summary>R-K8: dates are ISO 8601 (<c>yyyy-MM-dd</c>), or in the one format the uploader names, e.g. <c>dd/MM/yyyy</c>.</summary>
public static class ImportDates
{
    public const string Iso = "yyyy-MM-dd";
    public const int MaxFormatLength = 40;
    private static readonly DateOnly[] Probes = [new(2026, 1, 2), new(1999, 12, 31), new(2031, 7, 15)];

    /// <summary>Null when <paramref name="format"/> is a usable date format, else why not.</summary>
    public static string? Problem(string format)
    {
        if (format.Length > MaxFormatLength) return $"At most {MaxFormatLength} characters.";
        if (!format.Contains('d') || !format.Contains('M') || !format.Contains('y'))
            return "Name the day (d or dd), the month (M, MM or MMM) and the year (yy or yyyy), e.g. dd/MM/yyyy.";
        if (format.IndexOfAny(['h', 'H', 'm', 's', 'f', 'F', 't', 'z', 'K', 'g']) >= 0) return "Dates only: no hours, minutes, time zones or eras.";
        try
        {
            // A format that cannot read back what it writes would misread dates.
            foreach (var probe in Probes)
                if (!DateOnly.TryParseExact(probe.ToString(format, CultureInfo.InvariantCulture), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) || back != probe)
                    return "This format does not identify a date unambiguously; use e.g. dd/MM/yyyy, d.M.yyyy or MM/dd/yyyy.";
        }
        catch (FormatException)
        {
            return "Not a valid date format; use e.g. dd/MM/yyyy.";
        }
        return null;
    }

    /// <summary>
    /// <c>yyyy-MM-dd</c> of a real date, read directly: .NET's exact parser costs microseconds a date (it asks the
    /// culture's comparer at every literal), which was most of the check pass. Anything else returns false and is
    /// left to that parser, so what is accepted, and how, does not change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseIso(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!TwoDigits(text, 0, out var century) || !TwoDigits(text, 2, out var years) || !TwoDigits(text, 5, out var month) || !TwoDigits(text, 8, out var day))
            return false;
        var year = century * 100 + years;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int at, out int value)
    {
        var (tens, ones) = (text[at] - (uint)'0', text[at + 1] - (uint)'0');
        value = (int)(tens * 10 + ones);
        return tens <= 9 && ones <= 9;
    }

    /// <summary>
    /// The dates of one import, in its format. Texts in another format than ISO go through .NET's parser once
    /// each: a file repeats its dates (a few hundred days), so later rows find theirs in a small memo.
    /// </summary>
    public sealed class Reader(string? format)
    {
        private const int MaxRemembered = 4096;
        private readonly Dictionary<string, DateOnly?> _seen = new(StringComparer.Ordinal);
        private Dictionary<string, DateOnly?>.AlternateLookup<ReadOnlySpan<char>> Seen => _seen.GetAlternateLookup<ReadOnlySpan<char>>();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
        {
            if (format is null or Iso && TryParseIso(text, out date)) return true;
            var seen = Seen;
            if (seen.TryGetValue(text, out var known))
            {
                date = known.GetValueOrDefault();
                return known.HasValue;
            }
            var parsed = DateOnly.TryParseExact(text, format ?? Iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
            if (_seen.Count < MaxRemembered) seen[text] = parsed ? date : null;
            return parsed;
        }
    }

    public static string Describe(string? format) => format is null ? "YYYY-MM-DD (ISO 8601)" : format;
}
