using System.Diagnostics;
using System.Globalization;

namespace SiteReady.Bench;

/// <summary>
/// One benchmark: it measures our figure and, in the same run, its reference baseline (the floor a
/// hand-written equivalent reaches), and reports both with the target.
/// </summary>
public interface IBench
{
    string Name { get; }
    string Description { get; }
    Task RunAsync(BenchContext context);
}

public sealed record BenchResult(string Bench, string Provider, string Metric, double Ours, double Baseline, string Unit, string Target, bool HigherIsBetter);

/// <summary>Options and reporting shared by every benchmark.</summary>
public sealed class BenchContext(string provider, string? postgresAdmin, IReadOnlyDictionary<string, string> options)
{
    public string Provider { get; } = provider;

    /// <summary>A PostgreSQL server where databases may be created (bench/run.sh starts one), when Provider is postgres.</summary>
    public string? PostgresAdmin { get; } = postgresAdmin;

    public List<BenchResult> Results { get; } = [];

    public int Int(string name, int fallback) =>
        options.TryGetValue(name, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    public string? Option(string name) => options.GetValueOrDefault(name);

    public void Report(string bench, string metric, double ours, double baseline, string unit, string target, bool higherIsBetter = true)
    {
        var result = new BenchResult(bench, Provider, metric, ours, baseline, unit, target, higherIsBetter);
        Results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {bench,-8} {Provider,-8} {metric,-34} ours {ours,12:N1} {unit,-8} baseline {baseline,12:N1} {unit,-8} target {target}"));
    }

    /// <summary>Peak working set of this process so far, in MB (Linux VmHWM).</summary>
    public static double PeakMemoryMb() => Memory.PeakResidentMb();
}

/// <summary>This process's resident memory, from /proc/self/status (Linux).</summary>
public static class Memory
{
    public static double ResidentMb() => StatusField("VmRSS:");
    public static double PeakResidentMb() => StatusField("VmHWM:");

    /// <summary>Resets the kernel's peak resident size of this process (Linux: "5" to /proc/self/clear_refs).</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double StatusField(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name, StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        return Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
    }
}
