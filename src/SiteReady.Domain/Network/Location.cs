namespace SiteReady.Domain.Network;

public enum CheckInMethod { App, External, None }

/// <summary>A client's site (SPEC §2). The QR secret identifies the site to the check-in app.</summary>
public class Location : ITenantOwned
{
    private Location() { }

    public Location(Guid id, Guid clientId, string name, string? address, string timeZone, CheckInMethod checkInMethod, string qrSecret, DateTimeOffset now)
    {
        Id = id;
        OrganizationId = clientId;
        Name = name;
        Address = address;
        TimeZone = timeZone;
        CheckInMethod = checkInMethod;
        QrSecret = qrSecret;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Address { get; private set; }
    public string TimeZone { get; private set; } = "UTC";
    public CheckInMethod CheckInMethod { get; private set; }
    public string QrSecret { get; private set; } = "";
    public TimeOnly? AutoCheckOutAt { get; set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }
}
