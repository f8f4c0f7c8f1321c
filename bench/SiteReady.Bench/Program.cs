using System.Reflection;
using SiteReady.Bench;

// dotnet run -c Release --project bench/SiteReady.Bench -- <bench|all> [--provider sqlite|postgres] [--rows N] …
// Every IBench in this assembly is found by reflection: adding a file adds a benchmark.
var benches = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBench).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
    .Select(t => (IBench)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("Usage: SiteReady.Bench <name|all> [--provider sqlite|postgres] [--option value …]");
    foreach (var b in benches) Console.WriteLine($"  {b.Name,-10} {b.Description}");
    return 0;
}

var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 1; i + 1 < args.Length; i += 2)
    options[args[i].TrimStart('-')] = args[i + 1];
var provider = options.GetValueOrDefault("provider", "sqlite");
var context = new BenchContext(provider, Environment.GetEnvironmentVariable("SITEREADY_BENCH_PG"), options);
var selected = args[0] == "all" ? benches : benches.Where(b => b.Name == args[0]).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"No benchmark named {args[0]}.");
    return 2;
}
foreach (var bench in selected)
{
    Console.WriteLine($"== {bench.Name} ({provider}): {bench.Description}");
    await bench.RunAsync(context);
}
return 0;
