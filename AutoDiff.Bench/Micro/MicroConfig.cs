using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace AutoDiff.Bench.Micro;

/// <summary>
/// The suite's configuration and arguments. BenchmarkDotNet's usual out-of-process toolchain looks for a project
/// named like the assembly (<c>autodiff</c>), which this project is not, so the benchmarks run in this process
/// (<c>--inProcess</c>, added unless given); jobs from the command line (<c>--job short</c>) still apply.
/// </summary>
public static class MicroConfig
{
    /// <summary>The configuration: the defaults plus the memory diagnoser.</summary>
    public static IConfig Create() => DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);

    /// <summary><paramref name="args"/> with <c>--inProcess</c> added unless it, or <c>-i</c>, is there.</summary>
    public static string[] Arguments(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var inProcess = args.Any(a => a.Equals("--inProcess", StringComparison.OrdinalIgnoreCase) || a == "-i");
        return inProcess ? args : [.. args, "--inProcess"];
    }
}
