namespace SiteReady.Domain.Organizations;

public enum OrganizationKind { Client, Contractor, Operator }

public class Organization
{
    public const int DefaultExpiringSoonDays = 30;

    private Organization() { }

    public Organization(Guid id, OrganizationKind kind, string name, string timeZone, DateTimeOffset createdAt)
    {
        Id = id;
        Kind = kind;
        Name = name;
        TimeZone = timeZone;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public OrganizationKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public string? BusinessIdentifier { get; set; }
    public string TimeZone { get; private set; } = "UTC";
    public int ExpiringSoonDays { get; private set; } = DefaultExpiringSoonDays;
    /// <summary>R-N2: expiry reminder steps in days before expiry (negative = after).</summary>
    public string ReminderDays { get; private set; } = Credentials.ReminderLadder.Default;
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    /// <summary>Organisation settings (SPEC §2): the expiring-soon window and the reminder ladder.</summary>
    public void ChangeSettings(int? expiringSoonDays, string? reminderDays)
    {
        if (expiringSoonDays is { } days)
        {
            if (days is < 1 or > 365)
                throw new DomainException("invalid-expiring-soon-window", "The expiring-soon window is 1 to 365 days.", DomainErrorKind.Invalid);
            ExpiringSoonDays = days;
        }
        if (reminderDays is not null) ReminderDays = Credentials.ReminderLadder.Parse(reminderDays).ToString();
    }
}
