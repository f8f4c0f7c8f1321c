namespace SiteReady.Web.Platform.Email;

/// <summary>Configuration section <c>SiteReady:Email</c>. Without an SMTP host, mail is written as .eml files.</summary>
public sealed class EmailOptions
{
    public string FromAddress { get; set; } = "no-reply@siteready.local";
    public string FromName { get; set; } = "SiteReady";
    /// <summary>Folder for .eml files; defaults to {DataDirectory}/mail.</summary>
    public string? PickupDirectory { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
    public double PollSeconds { get; set; } = 5;
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Set false to stop the background dispatcher (e.g. a node that only serves requests).</summary>
    public bool DispatcherEnabled { get; set; } = true;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}
