using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Reporting;
using AutoDiff.Data;

namespace AutoDiff.Bench.Suite;

/// <summary>
/// <c>autodiff suite [--quick]</c>: the optimizer benchmark suite (in the spirit of DeepOBS): every optimizer over a
/// learning-rate grid on every problem; steps and seconds to a target loss, final loss, divergence; a Markdown and
/// JSON table and curve plots.
/// </summary>
public static class SuiteCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff suite --quick                                   # every problem and optimizer, under 2 minutes",
        "autodiff suite --problems rosenbrock-2d,quadratic-k1e3-rotated --optimizers sgd,momentum,adam",
        "autodiff suite --out suite-report                        # the full grid (10⁻⁶ … 1)",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer steps and a coarser learning-rate grid (under 2 minutes)" };
        var problems = OptionRules.ChoiceList("--problems", "Problems to run (default: all)", SuiteProblems.Names);
        var optimizers = OptionRules.ChoiceList("--optimizers", "Optimizers to compare (default: all)", [.. SuiteOptimizers.Names]);
        var data = new Option<string?>("--data") { Description = "Folder with the Fashion-MNIST IDX files (its problems are skipped when it is missing)", HelpName = "DIR" };
        var seed = OptionRules.Int("--seed", "Seed of the problems' data and starting points", 1, 0);
        var outOption = OptionRules.Out();
        var command = new Command("suite", "The optimizer benchmark suite: ill-conditioned quadratics, Rosenbrock, Fashion-MNIST regressions and MLP, badly scaled regressions; every optimizer over a learning-rate grid")
        {
            quick, problems, optimizers, data, seed, outOption,
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(quick),
            OptionRules.SplitList(parse.GetValue(problems)).Select(s => s.ToLowerInvariant()).ToArray(),
            OptionRules.SplitList(parse.GetValue(optimizers)).Select(s => s.ToLowerInvariant()).ToArray(),
            parse.GetValue(data),
            (ulong)parse.GetValue(seed),
            parse.GetValue(outOption)!));
        return command;
    }

    private static int Run(CliContext context, bool quick, string[] problemNames, string[] optimizerNames, string? dataDirectory, ulong seed, string outPath)
    {
        var folder = OutputFolder.Prepare(outPath);
        var clock = Stopwatch.StartNew();
        var problems = SuiteProblems.Create(problemNames, quick, dataDirectory, seed);
        var skipped = new List<string>();
        if (problems.Any(p => p.NeedsFashionMnist) && !FashionMnist.IsAvailable(dataDirectory))
        {
            if (problemNames.Length > 0)
            {
                throw new UsageException($"Fashion-MNIST is not installed in {dataDirectory ?? FashionMnist.DefaultDirectory}; install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR.");
            }

            skipped.AddRange(problems.Where(p => p.NeedsFashionMnist).Select(p => p.Name));
            problems.RemoveAll(p => p.NeedsFashionMnist);
            context.Error.WriteLine($"autodiff suite: Fashion-MNIST not found, skipping {string.Join(", ", skipped)} (apt-get install dataset-fashion-mnist, or --data DIR).");
        }

        var optimizers = optimizerNames.Length > 0 ? optimizerNames : [.. SuiteOptimizers.Names];
        var grid = SuiteOptimizers.Grid("sgd", quick);
        var total = problems.Count * optimizers.Sum(o => SuiteOptimizers.Grid(o, quick).Length);
        context.Styled($"AutoDiff suite ({(quick ? "quick" : "full")}): {problems.Count} problems × {optimizers.Length} optimizers over their learning-rate grids = {total} runs", "bold");
        var runs = LiveProgress.Run(context, "suite", total, progress =>
        {
            var all = new List<SuiteRun>();
            foreach (var problem in problems)
            {
                foreach (var optimizer in optimizers)
                {
                    foreach (var lr in SuiteOptimizers.Grid(optimizer, quick))
                    {
                        progress(all.Count, $"{problem.Name} {optimizer}");
                        all.Add(SuiteRunner.Run(problem, optimizer, lr, context.Cancellation));
                    }
                }
            }

            progress(all.Count, "done");
            return all;
        });

        var table = new ReportTable("suite", "problem", "optimizer", "best lr", "steps to target", "seconds to target", "final loss", "diverged");
        var records = new List<Dictionary<string, object?>>();
        var report = new Report($"AutoDiff optimizer suite ({(quick ? "quick" : "full")})");
        report.Summary.Add($"{problems.Count} problems × {optimizers.Length} optimizers ({string.Join(", ", optimizers)}); first-order methods at learning rates {string.Join(", ", grid.Select(g => g.ToString("G1", CultureInfo.InvariantCulture)))}, L-BFGS (one iteration with a strong-Wolfe line search per step) at α = 0.1 and 1, Newton-CG (trust region) and Hessian-free (damped, CG capped at 20 products per step) once; {runs.Count} runs in {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores.");
        report.Summary.Add("Target: f* + 10⁻⁶·(f₀ − f*) where the minimum f* is known (quadratics, Rosenbrock, least squares); for the Fashion-MNIST problems, whose minimum is not known, the best loss any run reached + 2·10⁻²·(f₀ − best).");
        report.Summary.Add("Best lr: the learning rate that reached the target in the fewest steps, or else the lowest final loss. Diverged: how many learning rates of the grid diverged.");
        if (skipped.Count > 0)
        {
            report.Summary.Add($"Skipped (Fashion-MNIST not installed): {string.Join(", ", skipped)}.");
        }

        var curves = report.Section("curves", "Curves at the best learning rate");
        foreach (var problem in problems)
        {
            var problemRuns = runs.Where(r => r.Problem == problem.Name).ToList();
            var f0 = problemRuns[0].InitialLoss;
            var optimum = problem.Optimum ?? problemRuns.Where(r => !r.Diverged).Select(r => r.BestLoss).DefaultIfEmpty(f0).Min();
            var target = optimum + ((problem.Optimum is null ? 2e-2 : 1e-6) * (f0 - optimum));
            var plot = new PlotSpec($"suite-{problem.Name}", problem.Name, "step", problem.Optimum is null ? "loss" : "loss − f*") { LogY = true, Caption = $"{problem.Description}; target {StandardSections.F(target)}" };
            foreach (var optimizer in optimizers)
            {
                var candidates = problemRuns.Where(r => r.Optimizer == optimizer).ToList();
                var best = candidates.Where(r => r.Reach(target) is not null).OrderBy(r => r.Reach(target)!.Value.Step).FirstOrDefault()
                    ?? candidates.Where(r => !r.Diverged).OrderBy(r => r.FinalLoss).FirstOrDefault()
                    ?? candidates[0];
                var reach = best.Reach(target);
                var diverged = candidates.Count(r => r.Diverged);
                table.Row(
                    problem.Name,
                    optimizer,
                    SuiteOptimizers.HasLearningRate(optimizer) ? best.LearningRate.ToString("G3", CultureInfo.InvariantCulture) : "-",
                    reach is { } hit ? hit.Step.ToString(CultureInfo.InvariantCulture) : "not reached",
                    reach is { } hitTime ? StandardSections.F(hitTime.Seconds) : "-",
                    best.Diverged ? "diverged" : StandardSections.F(best.FinalLoss),
                    $"{diverged}/{candidates.Count}");
                plot.Line(SuiteOptimizers.HasLearningRate(optimizer) ? $"{optimizer} (lr {best.LearningRate.ToString("G3", CultureInfo.InvariantCulture)})" : optimizer, best.Curve.Select(c => (double)c.Step), best.Curve.Select(c => problem.Optimum is null ? c.Loss : c.Loss - optimum));
                foreach (var run in candidates)
                {
                    var runReach = run.Reach(target);
                    records.Add(new Dictionary<string, object?>
                    {
                        ["problem"] = run.Problem,
                        ["optimizer"] = run.Optimizer,
                        ["lr"] = SuiteOptimizers.HasLearningRate(run.Optimizer) ? run.LearningRate : null,
                        ["initial_loss"] = Finite(run.InitialLoss),
                        ["final_loss"] = Finite(run.FinalLoss),
                        ["best_loss"] = Finite(run.BestLoss),
                        ["target"] = target,
                        ["steps_to_target"] = runReach?.Step,
                        ["seconds_to_target"] = runReach?.Seconds,
                        ["diverged"] = run.Diverged,
                        ["seconds"] = run.Seconds,
                        ["best_lr"] = ReferenceEquals(run, best),
                    });
                }
            }

            curves.Plot(plot);
        }

        ConsoleTables.Show(context, "Optimizer suite: best learning rate per problem and optimizer", table);
        var problemTable = new ReportTable("problems", "problem", "description", "steps");
        foreach (var p in problems)
        {
            problemTable.Row(p.Name, p.Description, p.Steps.ToString(CultureInfo.InvariantCulture));
        }

        report.Sections.Insert(0, new ReportSection("results", "Results").Table(table));
        report.Sections.Insert(1, new ReportSection("problems", "Problems").Table(problemTable));
        AtomicFile.WriteAllText(Path.Combine(folder, "suite.json"), JsonSerializer.Serialize(records, new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(folder, "suite.md"), ReportWriter.Markdown(new Report(report.Title) { Sections = { report.Sections[0] } }));
        ReportWriter.Write(report, folder);
        context.Styled($"report: {Path.Combine(folder, ReportWriter.HtmlFile)}; table: suite.md, suite.json ({clock.Elapsed.TotalSeconds:F1} s)", "green");
        return context.Cancellation.IsCancellationRequested ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
