using System.CommandLine;
using System.Diagnostics;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Models;
using AutoDiff.Bench.Reporting;
using AutoDiff.Bench.Training;
using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Probe;

/// <summary>
/// <c>autodiff probe</c>: loads a checkpoint (or trains a small model first) and probes the Hessian or Gauss-Newton
/// matrix of its loss over a data subset with the library's <see cref="Curvature.Summarize"/>: top-k and bottom-k
/// eigenpairs with residuals, trace, spectral density and the curvature verdict.
/// </summary>
public static class ProbeCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff probe --checkpoint autodiff-out/checkpoint",
        "autodiff probe --checkpoint autodiff-out/checkpoint --operator gauss-newton --subset 2048 -k 10 --steps 120",
        "autodiff probe --dataset spirals            # trains a small model first, then probes it",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint folder written by 'autodiff train' (without it, a small MLP is trained first)", HelpName = "DIR" };
        var op = OptionRules.Choice("--operator", "The curvature matrix", "hessian", "hessian", "gauss-newton");
        var dataset = OptionRules.Choice("--dataset", "Data set of the model trained first (a checkpoint names its own)", "fashion-mnist", [.. ClassificationData.Names]);
        var data = new Option<string?>("--data") { Description = "Folder with the Fashion-MNIST IDX files", HelpName = "DIR" };
        var subset = OptionRules.Int("--subset", "Training examples the loss is averaged over", 512, 1, 60000);
        var k = OptionRules.Int("-k", "How many top and bottom eigenvalues", 5, 1, 100);
        var steps = OptionRules.Int("--steps", "Most Lanczos steps for the extreme eigenvalues", 60, 4, 5000);
        var probes = OptionRules.Int("--probes", "Random probes for the spectral density, and twice as many for the trace (0: skip both)", 2, 0, 100);
        var seed = OptionRules.Int("--seed", "Seed of the probes and of the model trained first", 1, 0);
        var outOption = OptionRules.Out();
        var command = new Command("probe", "Probe the Hessian (or Gauss-Newton matrix) of a checkpoint's loss over a data subset: top/bottom eigenvalues with residuals, trace, density, verdict")
        {
            checkpoint, op, dataset, data, subset, k, steps, probes, seed, outOption,
        };
        command.SetAction(parse => Run(
            context,
            new ProbeSettings(
                parse.GetValue(checkpoint),
                parse.GetValue(op)!.ToLowerInvariant() == "gauss-newton" ? CurvatureKind.GaussNewton : CurvatureKind.Hessian,
                parse.GetValue(dataset)!.ToLowerInvariant(),
                parse.GetValue(data),
                parse.GetValue(subset),
                parse.GetValue(k),
                parse.GetValue(steps),
                parse.GetValue(probes),
                (ulong)parse.GetValue(seed)),
            parse.GetValue(outOption)!));
        return command;
    }

    private static int Run(CliContext context, ProbeSettings s, string outPath)
    {
        var folder = OutputFolder.Prepare(outPath);
        var clock = Stopwatch.StartNew();
        Module model;
        ModelSpec spec;
        ClassificationData data;
        string origin;
        if (s.Checkpoint is not null)
        {
            spec = CheckpointFiles.ReadSpec(s.Checkpoint);
            data = ClassificationData.Load(spec.Dataset, s.DataDirectory, 0, spec.Seed);
            model = spec.Build();
            CheckpointFiles.Load(model, s.Checkpoint);
            origin = $"checkpoint {CheckpointFiles.Folder(s.Checkpoint)}";
        }
        else
        {
            data = ClassificationData.Load(s.Dataset, s.DataDirectory, 2000, s.Seed);
            spec = new ModelSpec("mlp", data.Inputs > 16 ? [32] : [16, 16], s.Dataset == "spirals" ? Activation.Tanh : Activation.ReLU, s.Dataset, data.Inputs, data.Classes, s.Seed);
            model = spec.Build();
            var loader = data.Loader(64, images: false, s.Seed);
            var epochs = s.Dataset == "fashion-mnist" ? 1 : 20;
            var trainer = new Trainer(model, OptimizerCatalog.Create("adam", model.Parameters(), s.Dataset == "fashion-mnist" ? 1e-3 : 1e-2), new TrainerOptions { Epochs = epochs, RecordEvery = 0 });
            var total = (long)epochs * loader.BatchCount;
            var status = new CurveStatus(64, total);
            var trained = LiveProgress.Run(context, "training a small model first", total, update => trainer.Fit(loader, data.Monitor(false, 500, s.Seed), null, new SyncProgress<CurvePoint>(p => update(p.Step, status.Line(p))), context.Cancellation));
            origin = $"a small model trained first ({trained.Steps} Adam steps on {data.TrainCount} examples)";
        }

        var (x, labels) = data.Subset(spec.TakesImages, s.Subset);
        var op = s.Kind == CurvatureKind.GaussNewton ? ModelCurvature.GaussNewton(model, x, labels) : ModelCurvature.Hessian(model, x, labels);
        var name = s.Kind == CurvatureKind.GaussNewton ? "Gauss-Newton matrix" : "Hessian";
        context.Line($"probing the {name} of {spec.Describe()} ({op.Dimension:N0} parameters) over {labels.Length} examples of {data.Name}: up to {s.Steps} Lanczos steps, {s.Probes} density probes");
        var options = new CurvatureOptions { Top = s.K, Bottom = s.K, MaxSteps = s.Steps, Tolerance = 1e-6, DensityProbes = s.Probes, DensitySteps = Math.Min(s.Steps, 60), TraceSamples = 2 * s.Probes, Seed = s.Seed };
        var summary = LiveProgress.Run(context, "probing", s.Steps + (s.Probes * (options.DensitySteps + 2)), update =>
        {
            var applications = 0;
            return Curvature.Summarize(op, options, new SyncProgress<CurvatureProgress>(p => update(++applications, $"{p.Stage} {p.Step}/{p.Limit} {p.Detail}")));
        });
        var table = StandardSections.CurvatureTable("curvature", summary);
        var eigen = StandardSections.EigenTable("eigenpairs", summary);
        ConsoleTables.Show(context, $"Curvature ({name})", table);
        ConsoleTables.Show(context, "Extreme eigenvalues", eigen);
        context.Line($"verdict: {StandardSections.Verdict(summary)} ({summary.Applications} products, {clock.Elapsed.TotalSeconds:F1} s)");

        var report = new Report($"AutoDiff probe: the {name} of {spec.Describe()}");
        report.Summary.Add($"Model: {spec.Describe()}, {op.Dimension:N0} parameters, from {origin}.");
        report.Summary.Add($"Loss: softmax cross-entropy averaged over the first {labels.Length} training examples of {data.Name}, in evaluation mode.");
        report.Summary.Add($"Probe: {name}, Lanczos with full reorthogonalisation (up to {s.Steps} steps), SLQ density with {s.Probes} probes, Hutchinson trace with {2 * s.Probes} samples; {summary.Applications} products; {clock.Elapsed.TotalSeconds:F1} s.");
        var section = report.Section("curvature", "Curvature")
            .Text($"Verdict: {StandardSections.Verdict(summary)} Residuals ‖Hu − λu‖ small against |λ| mean the pair has converged.")
            .Table(table)
            .Table(eigen);
        if (StandardSections.DensityPlot("density", $"{name} eigenvalue density", summary) is { } plot)
        {
            report.Section("density", "Spectral density").Plot(plot);
        }
        else
        {
            section.Text("Density and trace skipped (--probes 0).");
        }

        ReportWriter.Write(report, folder);
        context.Styled($"report: {Path.Combine(folder, ReportWriter.HtmlFile)}", "green");
        return ExitCodes.Success;
    }
}
