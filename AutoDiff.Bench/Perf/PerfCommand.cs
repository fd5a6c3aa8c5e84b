using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// <c>autodiff perf [--quick] [--json FILE]</c>: every figure next to its limit measured in the same run, in
/// alternation with it, as medians and ratios; progress on stderr, the table on stdout.
/// </summary>
public static class PerfCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = PerfSettings.Full;
        string? jsonPath = null;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    settings = PerfSettings.QuickRun;
                    break;
                case "--json" when i + 1 < args.Length:
                    jsonPath = args[++i];
                    break;
                case "--only" when i + 1 < args.Length:
                    only = args[++i];
                    break;
                case "-h":
                case "--help":
                    Console.WriteLine("usage: autodiff perf [--quick] [--json FILE] [--only WORKLOAD]");
                    return 0;
                default:
                    Console.Error.WriteLine($"autodiff perf: unexpected argument '{args[i]}'. usage: autodiff perf [--quick] [--json FILE] [--only WORKLOAD]");
                    return 2;
            }
        }

        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"autodiff perf ({(settings.Quick ? "quick" : "full")}): {settings.Reps} interleaved reps of ~{settings.RepSeconds * 1e3:0} ms per figure, medians");
        var workloads = new (string Name, Func<PerfSettings, IEnumerable<PerfRecord>> Run)[]
        {
            ("FMA peak", FmaWorkload.Run),
            ("GEMM", GemmWorkload.Run),
            ("bandwidth", BandwidthWorkload.Run),
            ("MLP 784-256-256-10 training", MlpTrainingWorkload.Run),
            ("MLP 64-64-64-1 training", SmallMlpWorkload.Run),
            ("per-op overhead", OpOverheadWorkload.Run),
            ("gradient vs HVP", HvpWorkload.Run),
            ("optimizer", OptimizerWorkload.Run),
        };
        var records = new List<PerfRecord>();
        foreach (var (name, run) in workloads)
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {name}");
            records.AddRange(run(settings));
        }

        Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] done");
        Console.WriteLine($"AutoDiff perf ({(settings.Quick ? "quick" : "full")} run, {clock.Elapsed.TotalSeconds:0} s): {Environment.ProcessorCount} processors, " +
            $"Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated (Vector256 used)")}, .NET {Environment.Version}");
        Console.WriteLine("Each value and its limit are medians of repetitions measured in alternation in this run.");
        Console.WriteLine();
        Console.Write(PerfReport.Table(records));
        var withTarget = records.Where(r => r.Met is not null).ToList();
        Console.WriteLine();
        Console.WriteLine($"targets met: {withTarget.Count(r => r.Met == true)} of {withTarget.Count}");
        if (jsonPath is not null)
        {
            PerfReport.WriteJson(records, jsonPath);
            Console.Error.WriteLine($"wrote {jsonPath}");
        }

        return 0;
    }
}
