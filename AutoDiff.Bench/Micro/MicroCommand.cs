using System.CommandLine;
using AutoDiff.Bench.Cli;
using BenchmarkDotNet.Running;

namespace AutoDiff.Bench.Micro;

/// <summary>
/// <c>autodiff micro [BenchmarkDotNet args]</c>: the BenchmarkDotNet suite in this folder, through
/// <see cref="BenchmarkSwitcher"/>, so <c>--filter '*Gemm*'</c>, <c>--list flat</c> and <c>--job short</c> work.
/// </summary>
public static class MicroCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff micro --list flat",
        "autodiff micro --filter '*Gemm*' --job short",
    ];

    /// <summary>The command: every argument after <c>micro</c> goes to BenchmarkDotNet.</summary>
    public static Command Create()
    {
        var command = new Command("micro", "The BenchmarkDotNet suite (GEMM, element-wise ops, per-op overhead, MLP step, gradient vs HVP); arguments go to BenchmarkDotNet")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse => Run([.. parse.UnmatchedTokens]));
        return command;
    }

    /// <summary>Runs the switcher with <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(MicroConfig.Arguments(args), MicroConfig.Create());
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
