using System.CommandLine;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using AutoDiff.Bench.Cli;
using Spectre.Console;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// <c>autodiff perf [--quick] [--json FILE] [--only NAME]</c>: every figure next to its limit measured in the same run,
/// in alternation with it, as medians and ratios; progress on stderr, the table on stdout.
/// </summary>
public static class PerfCommand
{
    /// <summary>The workloads, in the order they run; <c>--only</c> selects those whose name contains its value.</summary>
    public static (string Name, Func<PerfSettings, IEnumerable<PerfRecord>> Run)[] Workloads { get; } =
        [
            ("FMA peak", FmaWorkload.Run),
            ("GEMM", GemmWorkload.Run),
            ("bandwidth", BandwidthWorkload.Run),
            ("MLP 784-256-256-10 training", MlpTrainingWorkload.Run),
            ("MLP 64-64-64-1 training", SmallMlpWorkload.Run),
            ("CNN training", CnnTrainingWorkload.Run),
            ("per-op overhead", OpOverheadWorkload.Run),
            ("gradient vs HVP", HvpWorkload.Run),
            ("Hessian probe", HessianProbeWorkload.Run),
            ("optimizer", OptimizerWorkload.Run),
        ];

    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff perf --quick",
        "autodiff perf --only gemm --json perf.json",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var names = string.Join(", ", Workloads.Select(w => $"'{w.Name}'"));
        var quick = new Option<bool>("--quick") { Description = "Fewer and shorter repetitions (~20 s)" };
        var json = new Option<string?>("--json") { Description = "Also write {name, value, unit, limit, ratio, target, met} records to FILE", HelpName = "FILE" };
        var only = new Option<string?>("--only") { Description = $"Run only the workloads whose name contains NAME (case-insensitive): {names}", HelpName = "NAME" };
        only.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !Workloads.Any(w => w.Name.Contains(value, StringComparison.OrdinalIgnoreCase)))
            {
                result.AddError($"--only '{value}' matches no workload; allowed values (any part of a name): {names}.");
            }
        });
        var command = new Command("perf", "Figures (GEMM, bandwidth, MLP steps, per-op overhead, HVP/grad) next to their limits (FMA peak, copy bandwidth, gradient) measured in the same run")
        {
            quick, json, only,
        };
        command.SetAction(parse => Run(context, parse.GetValue(quick) ? PerfSettings.QuickRun : PerfSettings.Full, parse.GetValue(json), parse.GetValue(only)));
        return command;
    }

    private static int Run(CliContext context, PerfSettings settings, string? jsonPath, string? only)
    {
        var error = context.Error;
        var clock = Stopwatch.StartNew();
        error.WriteLine($"autodiff perf ({(settings.Quick ? "quick" : "full")}): {settings.Reps} interleaved reps of ~{settings.RepSeconds * 1e3:0} ms per figure, medians");
        var records = new List<PerfRecord>();
        foreach (var (name, run) in Workloads)
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {name}");
            records.AddRange(run(settings));
        }

        error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] done");
        var output = context.Console;
        output.WriteLine($"AutoDiff perf ({(settings.Quick ? "quick" : "full")} run, {clock.Elapsed.TotalSeconds:0} s): {Environment.ProcessorCount} processors, " +
            $"Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated (Vector256 used)")}, .NET {Environment.Version}");
        output.WriteLine("Each value and its limit are medians of repetitions measured in alternation in this run.");
        output.WriteLine();
        output.Write(new Text(PerfReport.Table(records)));
        var withTarget = records.Where(r => r.Met is not null).ToList();
        output.WriteLine();
        output.WriteLine($"targets met: {withTarget.Count(r => r.Met == true)} of {withTarget.Count}");
        if (jsonPath is not null)
        {
            PerfReport.WriteJson(records, jsonPath);
            error.WriteLine($"wrote {jsonPath}");
        }

        return ExitCodes.Success;
    }
}
