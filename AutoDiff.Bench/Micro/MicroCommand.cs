using BenchmarkDotNet.Running;

namespace AutoDiff.Bench.Micro;

/// <summary>
/// <c>autodiff micro [BenchmarkDotNet args]</c>: the BenchmarkDotNet suite in this folder, through
/// <see cref="BenchmarkSwitcher"/>, so <c>--filter '*Gemm*'</c>, <c>--list flat</c> and <c>--job short</c> work.
/// </summary>
public static class MicroCommand
{
    /// <summary>Runs the switcher with <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(MicroConfig.Arguments(args), MicroConfig.Create());
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
