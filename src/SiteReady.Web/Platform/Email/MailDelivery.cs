using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace SiteReady.Web.Platform.Email;

/// <summary>Hands one message to the world. Delivery is keyed by the outbox id so a retry after a crash is recognisable.</summary>
public interface IMailDelivery
{
    Task DeliverAsync(OutboxMessage message, CancellationToken ct);
}

internal static class MailMessages
{
    public static MailMessage Build(OutboxMessage message, EmailOptions options)
    {
        var mail = new MailMessage
        {
            From = new MailAddress(options.FromAddress, options.FromName),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        mail.To.Add(new MailAddress(message.ToAddress, message.ToName));
        // A stable Message-ID lets receiving servers drop a duplicate should a retry follow an unrecorded success.
        mail.Headers.Add("Message-ID", $"<{message.Id:N}@siteready>");
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        return mail;
    }
}

/// <summary>Default delivery: one <c>{id}.eml</c> file per message, written atomically, so delivering twice leaves one file.</summary>
public sealed class PickupDirectoryDelivery(IOptions<EmailOptions> options, SiteReadyPaths paths) : IMailDelivery
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var dir = options.Value.PickupDirectory ?? paths.MailDirectory;
        var staging = Path.Combine(dir, ".staging", message.Id.ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging })
            using (var mail = MailMessages.Build(message, options.Value))
                await client.SendMailAsync(mail, ct);
            var written = Directory.GetFiles(staging).Single();
            File.Move(written, Path.Combine(dir, $"{message.Id:N}.eml"), overwrite: true);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}

public sealed class SmtpDelivery(IOptions<EmailOptions> options) : IMailDelivery
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableTls };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        using var mail = MailMessages.Build(message, options.Value);
        await client.SendMailAsync(mail, ct);
    }
}
