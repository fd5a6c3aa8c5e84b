using AutoDiff.Bench.Cli;

namespace AutoDiff.Tests.Bench;

/// <summary>Runs the <c>autodiff</c> command in-process with its output captured.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">What it wrote to stdout.</param>
/// <param name="Error">What it wrote to stderr.</param>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>autodiff</c> with <paramref name="args"/>.</summary>
    public static CliRun Invoke(params string[] args) => Invoke(CancellationToken.None, args);

    /// <summary>Runs <c>autodiff</c> with <paramref name="args"/>; <paramref name="cancellation"/> plays Ctrl+C.</summary>
    public static CliRun Invoke(CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BenchCli.Run(args, output, error, cancellation);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
