using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Tests.Storage;

/// <summary>SiteReady:Storage:Provider picks the store; a wrong setting stops start-up.</summary>
public sealed class FileStorageTests : IDisposable
{
    private readonly ScratchData _data = new();

    public void Dispose() => _data.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton(_data.Paths)
            .AddSingleton<TimeProvider>(new FakeClock())
            .AddFileStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Files_go_to_disk_unless_told_otherwise()
    {
        using var provider = Build([]);

        Assert.IsType<DiskFileStore>(provider.GetRequiredService<IFileStore>());
        Assert.NotNull(provider.GetRequiredService<UploadSpool>());
    }

    [Fact]
    public void Provider_s3_uses_the_S3_settings()
    {
        using var provider = Build(new()
        {
            ["SiteReady:Storage:Provider"] = "S3",
            ["SiteReady:Storage:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["SiteReady:Storage:S3:Bucket"] = "credentials",
            ["SiteReady:Storage:S3:AccessKey"] = "key",
            ["SiteReady:Storage:S3:SecretKey"] = "secret",
        });

        Assert.IsType<S3FileStore>(provider.GetRequiredService<IFileStore>());
        Assert.Equal("credentials", provider.GetRequiredService<S3StorageOptions>().Bucket);
    }

    [Theory]
    [InlineData("ftp", null, "must be 'disk' or 's3'")]
    [InlineData("s3", null, "Bucket is required")]
    [InlineData("s3", "not a url", "not an absolute URL")]
    public void A_wrong_storage_setting_fails_at_start_up(string provider, string? serviceUrl, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["SiteReady:Storage:Provider"] = provider,
            ["SiteReady:Storage:S3:ServiceUrl"] = serviceUrl,
            ["SiteReady:Storage:S3:Bucket"] = serviceUrl is null ? null : "b",
        }));

        Assert.Contains(message, error.Message);
    }
}
