using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;

namespace SiteReady.Tests.Email;

/// <summary>The app configured with an SMTP host, delivering to a real SMTP server (maildev).</summary>
public sealed class SmtpAppFixture : AppFixture
{
    public Maildev Mail { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SiteReady:Email:Smtp:Host"] = "127.0.0.1",
        ["SiteReady:Email:Smtp:Port"] = Mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["SiteReady:Email:Smtp:EnableTls"] = "false",
    };

    public override async ValueTask InitializeAsync()
    {
        Mail = await Maildev.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Mail is not null) await Mail.DisposeAsync();
    }
}

public class SmtpDeliveryTests(SmtpAppFixture app) : IClassFixture<SmtpAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_password_reset_email_reaches_the_SMTP_server_with_a_text_and_an_HTML_part()
    {
        var org = await app.SignUpAsync();

        var response = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = org.AdminEmail });
        await Expect.Status(response, HttpStatusCode.Accepted);

        // The outbox id is the Message-ID, so the delivered message is found even among other tests' mail.
        var queued = Assert.Single(await app.MailToAsync(org.AdminEmail), m => m.Kind == "password-reset");
        var mail = await app.Mail.WaitForMessageAsync($"<{queued.Id:N}@siteready>", Patience);

        Assert.Equal("Reset your SiteReady password", mail["subject"]!.GetValue<string>());
        var to = Assert.Single(mail["to"]!.AsArray());
        Assert.Equal(org.AdminEmail, to!["address"]!.GetValue<string>(), ignoreCase: true);
        Assert.Equal("Ada", to["name"]!.GetValue<string>());
        Assert.Equal("no-reply@siteready.local", Assert.Single(mail["from"]!.AsArray())!["address"]!.GetValue<string>());
        Assert.Contains("/reset-password?email=", mail["text"]!.GetValue<string>());
        Assert.Contains("<a href=", mail["html"]!.GetValue<string>());

        var source = await app.Mail.SourceAsync(mail["id"]!.GetValue<string>());
        Assert.Contains("multipart/alternative", source);
        Assert.Contains("Content-Type: text/plain", source);
        Assert.Contains("Content-Type: text/html", source);

        await WaitUntilSentAsync(org.AdminEmail, queued.Id);
    }

    /// <summary>The dispatcher records the delivery right after the server accepted it.</summary>
    private async Task WaitUntilSentAsync(string address, Guid id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await app.MailToAsync(address)).Single(m => m.Id == id) is { SentAt: null } message)
        {
            if (clock.Elapsed > Patience)
                Assert.Fail($"The outbox never recorded the delivery of {id} (attempts {message.Attempts}, last error: {message.LastError}).");
            await Task.Delay(100);
        }
    }
}
