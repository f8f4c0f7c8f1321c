using System.Reflection;
using System.Text.RegularExpressions;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Tests.Platform;

/// <summary>Every stable problem code the app can send is documented in docs/errors.md.</summary>
public class ErrorCatalogueTests
{
    [Fact]
    public void Every_problem_code_in_the_source_is_documented()
    {
        var root = SiteReady.Tests.Infrastructure.LocalServers.RepoRoot() ?? throw new InvalidOperationException("Repository root not found.");
        var documented = File.ReadAllText(Path.Combine(root, "docs", "errors.md"));
        var codes = typeof(Problems).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && f.Name != nameof(Problems.TypePrefix))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), "DomainException\\(\\s*\"([a-z-]+)\""))
                codes.Add(m.Groups[1].Value);

        var missing = codes.Where(c => !documented.Contains($"`{c}`")).Order().ToList();
        Assert.True(missing.Count == 0, "Add to docs/errors.md: " + string.Join(", ", missing));
        Assert.Contains("last-notified-admin", codes);
    }
}
