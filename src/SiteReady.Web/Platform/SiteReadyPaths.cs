namespace SiteReady.Web.Platform;

/// <summary>Where the app keeps its files: <c>SiteReady:DataDirectory</c>, default <c>data/</c> under the working directory.</summary>
public sealed class SiteReadyPaths
{
    public SiteReadyPaths(IConfiguration configuration)
    {
        var configured = configuration["SiteReady:DataDirectory"];
        DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }
    public string DatabaseFile => Path.Combine(DataDirectory, "siteready.db");
    public string MailDirectory => Ensure(Path.Combine(DataDirectory, "mail"));
    public string KeysDirectory => Ensure(Path.Combine(DataDirectory, "keys"));
    public string FilesDirectory => Ensure(Path.Combine(DataDirectory, "files"));
    /// <summary>Uploads being received, before they are checked and stored; same volume as <see cref="FilesDirectory"/>.</summary>
    public string SpoolDirectory => Ensure(Path.Combine(DataDirectory, "spool"));

    private static string Ensure(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }
}
