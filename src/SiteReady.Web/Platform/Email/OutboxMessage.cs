namespace SiteReady.Web.Platform.Email;

/// <summary>An email waiting for delivery, written in the same transaction as the change that caused it (R-N1).</summary>
public class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid? OrganizationId { get; set; }
    public string Kind { get; set; } = "";
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A dispatcher instance owns the message until then; a crash releases it when the lease ends.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
}
