using System.Globalization;

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

    public static bool TryParse(string text, string? format, out DateOnly date) =>
        DateOnly.TryParseExact(text, format ?? Iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Describe(string? format) => format is null ? "YYYY-MM-DD (ISO 8601)" : format;
}
