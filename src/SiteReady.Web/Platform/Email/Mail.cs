using System.Net;
using System.Text;

namespace SiteReady.Web.Platform.Email;

/// <summary>Builds an outbox message with matching plain-text and HTML bodies and one clear action link.</summary>
public static class Mail
{
    public static OutboxMessage Compose(
        Guid id, DateTimeOffset now, Guid? organizationId, string kind,
        string toAddress, string toName, string subject,
        IEnumerable<string> paragraphs, string? actionText = null, string? actionUrl = null)
    {
        var paras = paragraphs.ToList();
        var greeting = string.IsNullOrWhiteSpace(toName) ? "Hello," : $"Hello {toName},";

        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        foreach (var p in paras) text.AppendLine(p).AppendLine();
        if (actionUrl is not null) text.AppendLine($"{actionText}: {actionUrl}").AppendLine();
        text.AppendLine("— SiteReady");

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">")
            .Append("<p>").Append(WebUtility.HtmlEncode(greeting)).Append("</p>");
        foreach (var p in paras) html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        if (actionUrl is not null)
        {
            var href = WebUtility.HtmlEncode(actionUrl);
            html.Append("<p><a href=\"").Append(href).Append("\" style=\"background:#0b5cad;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px\">")
                .Append(WebUtility.HtmlEncode(actionText ?? "Open SiteReady")).Append("</a></p>")
                .Append("<p style=\"font-size:small\">Or paste this link into your browser: ").Append(href).Append("</p>");
        }
        html.Append("<p>— SiteReady</p></body></html>");

        return new OutboxMessage
        {
            Id = id,
            OrganizationId = organizationId,
            Kind = kind,
            ToAddress = toAddress,
            ToName = toName,
            Subject = subject,
            TextBody = text.ToString(),
            HtmlBody = html.ToString(),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
