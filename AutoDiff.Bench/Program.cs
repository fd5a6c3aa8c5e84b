using AutoDiff.Bench.Demo;
using AutoDiff.Bench.Micro;
using AutoDiff.Bench.Perf;

namespace AutoDiff.Bench;

/// <summary>The <c>autodiff</c> command: <c>demo</c> (default) and the benchmark entry points.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var command = args.Length == 0 ? "demo" : args[0];
        var rest = args.Skip(1).ToArray();
        switch (command)
        {
            case "demo":
                return DemoCommand.Run(rest);
            case "perf":
                return PerfCommand.Run(rest);
            case "micro":
                return MicroCommand.Run(rest);
            case "-h":
            case "--help":
            case "help":
                PrintHelp();
                return 0;
            default:
                Console.Error.WriteLine($"autodiff: unknown command '{command}'.");
                PrintHelp();
                return 2;
        }
    }

    private static void PrintHelp()
    {
        Console.WriteLine("""
            usage: autodiff [command] [options]

            commands:
              demo     (default) gradient and Hessian-vector-product checks of a small MLP loss on built-in data
              perf     [--quick] [--json FILE] [--only NAME] figures (GEMM, bandwidth, MLP steps, per-op overhead, HVP/grad)
                       next to their limits (FMA peak, copy bandwidth, gradient) measured in the same run
              micro    [BenchmarkDotNet args] BenchmarkDotNet suite, e.g. micro --filter '*Gemm*', micro --list flat
              help     this text
            """);
    }
}
