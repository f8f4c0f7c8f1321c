namespace SiteReady.Domain.Credentials;

/// <summary>
/// R-N2: expiry reminders at fixed steps, in days before expiry (negative = after). The default ladder
/// is 30, 7 and 0 days before and 7 days after. Each step is sent at most once; when several steps
/// are due at once (a credential added late, a job that did not run) only the latest is sent.
/// </summary>
public sealed class ReminderLadder
{
    public const string Default = "30,7,0,-7";

    private ReminderLadder(IReadOnlyList<int> steps) => Steps = steps;

    /// <summary>Days before expiry, earliest reminder first (30, 7, 0, -7).</summary>
    public IReadOnlyList<int> Steps { get; }

    public static ReminderLadder Parse(string? text)
    {
        var steps = (string.IsNullOrWhiteSpace(text) ? Default : text)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out var d) && d is >= -365 and <= 365 ? d : throw new DomainException("invalid-reminder-ladder", $"'{s}' is not a number of days between -365 and 365.", DomainErrorKind.Invalid))
            .Distinct().OrderDescending().ToList();
        return new ReminderLadder(steps);
    }

    /// <summary>The latest step due on <paramref name="today"/> that has not been sent, if any.</summary>
    public int? StepDue(DateOnly expiryOn, DateOnly today, IReadOnlyCollection<int> alreadySent)
    {
        var daysBefore = expiryOn.DayNumber - today.DayNumber;
        var due = Steps.Where(step => daysBefore <= step).Cast<int?>().LastOrDefault();
        if (due is null) return null;
        // A later step already sent covers this one too.
        return alreadySent.Any(sent => sent <= due) ? null : due;
    }

    /// <summary>The window of expiry dates that can have a step due today.</summary>
    public (DateOnly From, DateOnly To) ExpiryWindow(DateOnly today) =>
        (today.AddDays(Math.Min(0, Steps.Min())), today.AddDays(Math.Max(0, Steps.Max())));

    public override string ToString() => string.Join(',', Steps);
}

/// <summary>A reminder step sent for one version of a credential (the unique key makes it at most once, R-N2, R-N4).</summary>
public class CredentialReminder : ITenantOwned
{
    private CredentialReminder() { }

    public CredentialReminder(Guid id, Guid organizationId, Guid credentialId, int versionNumber, int step, DateTimeOffset sentAt)
    {
        Id = id;
        OrganizationId = organizationId;
        CredentialId = credentialId;
        VersionNumber = versionNumber;
        Step = step;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid CredentialId { get; private set; }
    public int VersionNumber { get; private set; }
    public int Step { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
