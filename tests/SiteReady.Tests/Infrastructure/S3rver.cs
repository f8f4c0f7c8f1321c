using System.Diagnostics;
using System.Net;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Infrastructure;

/// <summary>
/// A real S3-compatible server (npm s3rver) with one bucket. Uses the one ./test.sh started
/// (SITEREADY_TEST_S3_URL, SITEREADY_TEST_S3_BUCKET, and optionally SITEREADY_TEST_S3_ACCESS_KEY and
/// SITEREADY_TEST_S3_SECRET_KEY); under a plain <c>dotnet test</c> it starts a private one from
/// test-servers/node_modules on a free loopback port and stops it afterwards.
/// </summary>
public sealed class S3rver : IAsyncLifetime
{
    // s3rver's only account.
    private const string DefaultKey = "S3RVER";
    private const string DefaultBucket = "siteready-test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private Process? _process;
    private string? _directory;

    public S3StorageOptions Options { get; private set; } = null!;

    /// <summary>The same server with a bucket that does not exist.</summary>
    public S3StorageOptions WithBucket(string bucket) => new()
    {
        ServiceUrl = Options.ServiceUrl, Bucket = bucket, AccessKey = Options.AccessKey, SecretKey = Options.SecretKey, Region = Options.Region,
    };

    public async ValueTask InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("SITEREADY_TEST_S3_URL");
        if (!string.IsNullOrEmpty(url))
        {
            Options = new S3StorageOptions
            {
                ServiceUrl = url,
                Bucket = Environment.GetEnvironmentVariable("SITEREADY_TEST_S3_BUCKET")
                    ?? throw new InvalidOperationException("SITEREADY_TEST_S3_URL is set but SITEREADY_TEST_S3_BUCKET is not."),
                AccessKey = Environment.GetEnvironmentVariable("SITEREADY_TEST_S3_ACCESS_KEY") ?? DefaultKey,
                SecretKey = Environment.GetEnvironmentVariable("SITEREADY_TEST_S3_SECRET_KEY") ?? DefaultKey,
            };
            return;
        }

        var executable = LocalServers.Executable("s3rver") ?? throw new InvalidOperationException(
            "The S3 storage tests need s3rver and it is not installed. Run ./test.sh (it installs and starts it), " +
            "or install it with `npm ci --prefix test-servers` and run dotnet test again.");
        var port = LocalServers.FreePort();
        _directory = Path.Combine(Path.GetTempPath(), "siteready-s3rver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--address", "127.0.0.1", "--port", $"{port}", "--directory", _directory, "--configure-bucket", DefaultBucket, "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var errors = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
        var serviceUrl = $"http://127.0.0.1:{port}";
        Options = new S3StorageOptions { ServiceUrl = serviceUrl, Bucket = DefaultBucket, AccessKey = DefaultKey, SecretKey = DefaultKey };

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (!await HasBucketAsync(http, $"{serviceUrl}/{DefaultBucket}"))
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                await DisposeAsync();
                throw new InvalidOperationException($"s3rver did not start on port {port}: {await errors}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            _process = null;
        }
        if (_directory is not null)
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static async Task<bool> HasBucketAsync(HttpClient http, string bucketUrl)
    {
        try
        {
            using var response = await http.GetAsync(bucketUrl);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }


}
