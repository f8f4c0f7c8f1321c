using Microsoft.AspNetCore.Identity;

namespace SiteReady.Web.Platform.Identity;

/// <summary>One account per person, keyed by email across the whole platform (R-U1). Mobile lives in PhoneNumber.</summary>
public class AppUser : IdentityUser<Guid>
{
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>R-N3: the person's own choice to receive credential expiry reminders.</summary>
    public bool CredentialReminders { get; set; } = true;

    public string DisplayName => $"{FirstName} {LastName}".Trim() is { Length: > 0 } name ? name : Email ?? "";
}
