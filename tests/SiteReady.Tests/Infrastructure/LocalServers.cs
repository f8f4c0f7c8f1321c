using System.Net;
using System.Net.Sockets;

namespace SiteReady.Tests.Infrastructure;

/// <summary>Finding the repository and the npm test servers it installs, and free loopback ports for them.</summary>
public static class LocalServers
{
    public static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SiteReady.slnx"))) return dir.FullName;
        return null;
    }

    /// <summary>An executable from test-servers/node_modules/.bin (installed by ./test.sh with npm ci), or null.</summary>
    public static string? Executable(string name)
    {
        var root = RepoRoot();
        var path = root is null ? null : Path.Combine(root, "test-servers", "node_modules", ".bin", name);
        return path is not null && File.Exists(path) ? path : null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
