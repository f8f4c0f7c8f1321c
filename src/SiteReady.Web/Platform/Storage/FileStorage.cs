namespace SiteReady.Web.Platform.Storage;

public static class FileStorage
{
    /// <summary>
    /// The <see cref="IFileStore"/> chosen by <c>SiteReady:Storage:Provider</c> (<c>disk</c>, the default, or
    /// <c>s3</c> with <c>SiteReady:Storage:S3:*</c>), plus <see cref="UploadSpool"/>, <see cref="LargeUploadSpool"/> and <see cref="StreamingMultipart"/>.
    /// A wrong setting fails at start-up, not at the first upload.
    /// </summary>
    public static IServiceCollection AddFileStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["SiteReady:Storage:Provider"];
        switch (string.IsNullOrWhiteSpace(provider) ? "disk" : provider.Trim().ToLowerInvariant())
        {
            case "disk":
                services.AddSingleton<IFileStore, DiskFileStore>();
                break;
            case "s3":
                var options = configuration.GetSection("SiteReady:Storage:S3").Get<S3StorageOptions>() ?? new S3StorageOptions();
                options.Validate();
                services.AddSingleton(options);
                services.AddSingleton<IFileStore, S3FileStore>();
                break;
            default:
                throw new InvalidOperationException($"SiteReady:Storage:Provider must be 'disk' or 's3', not '{provider}'.");
        }
        services.AddSingleton<UploadSpool>();
        services.AddSingleton<LargeUploadSpool>();
        services.AddSingleton<StreamingMultipart>();
        return services;
    }
}
