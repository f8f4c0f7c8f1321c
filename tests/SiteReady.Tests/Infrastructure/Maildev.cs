using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SiteReady.Tests.Infrastructure;

/// <summary>
/// A real SMTP server that keeps what it receives and lists it over HTTP (npm maildev). Uses the one
/// ./test.sh started (SITEREADY_TEST_SMTP_PORT, SITEREADY_TEST_MAILDEV_URL); under a plain
/// <c>dotnet test</c> it starts a private one from test-servers/node_modules and stops it afterwards.
/// </summary>
public sealed class Maildev : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Process? _process;
    private readonly string? _mailDirectory;
    private readonly HttpClient _api;

    private Maildev(int smtpPort, Uri apiUrl, Process? process, string? mailDirectory)
    {
        SmtpPort = smtpPort;
        _api = new HttpClient { BaseAddress = new Uri(apiUrl.ToString().TrimEnd('/') + "/") };
        _process = process;
        _mailDirectory = mailDirectory;
    }

    public int SmtpPort { get; }

    public static async Task<Maildev> StartAsync()
    {
        var port = Environment.GetEnvironmentVariable("SITEREADY_TEST_SMTP_PORT");
        if (!string.IsNullOrEmpty(port))
        {
            var url = Environment.GetEnvironmentVariable("SITEREADY_TEST_MAILDEV_URL")
                ?? throw new InvalidOperationException("SITEREADY_TEST_SMTP_PORT is set but SITEREADY_TEST_MAILDEV_URL is not.");
            return new Maildev(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), new Uri(url), null, null);
        }

        var executable = LocalServers.Executable("maildev") ?? throw new InvalidOperationException(
            "The SMTP tests need maildev and it is not installed. Run ./test.sh (it installs and starts it), " +
            "or install it with `npm ci --prefix test-servers` and run dotnet test again.");
        var smtpPort = LocalServers.FreePort();
        var webPort = LocalServers.FreePort();
        var mailDirectory = Path.Combine(Path.GetTempPath(), "siteready-maildev-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mailDirectory);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--ip", "127.0.0.1", "--smtp", $"{smtpPort}", "--web", $"{webPort}", "--mail-directory", mailDirectory, "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var maildev = new Maildev(smtpPort, new Uri($"http://127.0.0.1:{webPort}"), process, mailDirectory);

        var clock = Stopwatch.StartNew();
        while (!await maildev.IsAnsweringAsync())
        {
            if (process.HasExited || clock.Elapsed > StartTimeout)
            {
                await maildev.DisposeAsync();
                throw new InvalidOperationException($"maildev did not start on ports {smtpPort}/{webPort}: {await errors}");
            }
            await Task.Delay(100);
        }
        return maildev;
    }

    /// <summary>The message whose Message-ID is given, once it has arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonObject> WaitForMessageAsync(string messageId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var messages = (await _api.GetFromJsonAsync<JsonArray>("email"))!;
            var found = messages.FirstOrDefault(m => m?["messageId"]?.GetValue<string>() == messageId || m?["headers"]?["message-id"]?.GetValue<string>() == messageId);
            if (found is not null) return found.AsObject();
            if (clock.Elapsed > timeout)
                Assert.Fail($"No message {messageId} reached maildev within {timeout.TotalSeconds:0} s ({messages.Count} other messages there).");
            await Task.Delay(100);
        }
    }

    /// <summary>The message as the SMTP server received it (RFC 5322 source).</summary>
    public Task<string> SourceAsync(string id) => _api.GetStringAsync($"email/{id}/source");

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
        if (_mailDirectory is not null)
            try { Directory.Delete(_mailDirectory, recursive: true); } catch (IOException) { }
    }

    private async Task<bool> IsAnsweringAsync()
    {
        try
        {
            using var response = await _api.GetAsync("healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }


}
