namespace SiteReady.Domain;

/// <summary>Calendar days are judged in an IANA time zone (the organisation's or the site's).</summary>
public static class Calendar
{
    public static DateOnly TodayIn(string timeZone, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }

    /// <summary>Whole business days (Monday to Friday) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var days = 0;
        for (var d = from; d < to; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days++;
        return days;
    }
}
