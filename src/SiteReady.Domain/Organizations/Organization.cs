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
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }
}
