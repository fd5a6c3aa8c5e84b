using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Curvature;
using AutoDiff.Bench.Models;
using AutoDiff.Bench.Reporting;
using AutoDiff.Bench.Training;
using AutoDiff.Linalg;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Probe;

/// <summary>
/// <c>autodiff probe</c>: loads a checkpoint (or trains a small model first) and probes the Hessian of its loss over a
/// data subset: top-k and bottom-k eigenpairs with residuals, trace, spectral density and the curvature verdict.
/// </summary>
public static class ProbeCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff probe --checkpoint autodiff-out/checkpoint.safetensors",
        "autodiff probe --checkpoint model.safetensors --subset 2048 -k 10 --steps 80",
        "autodiff probe --dataset spirals            # trains a small model first, then probes it",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint written by 'autodiff train' (without it, a small MLP is trained first)", HelpName = "FILE" };
        var op = OptionRules.Choice("--operator", "The curvature operator", "hessian", "hessian");
        var dataset = OptionRules.Choice("--dataset", "Data set for the model trained first (a checkpoint names its own)", "fashion-mnist", [.. ClassificationData.Names]);
        var data = new Option<string?>("--data") { Description = "Folder with the Fashion-MNIST IDX files", HelpName = "DIR" };
        var subset = OptionRules.Int("--subset", "Training examples the loss is averaged over", 512, 1, 60000);
        var k = OptionRules.Int("-k", "How many top and bottom eigenvalues", 5, 1, 100);
        var steps = OptionRules.Int("--steps", "Lanczos steps (more: sharper extremes and density)", 40, 2, 2000);
        var probes = OptionRules.Int("--probes", "Random probes for the trace and the density (0: skip both)", 2, 0, 100);
        var seed = OptionRules.Int("--seed", "Seed of the probes and of the model trained first", 1, 0);
        var outOption = OptionRules.Out();
        var command = new Command("probe", "Probe the Hessian of a checkpoint's loss over a data subset: top/bottom eigenvalues with residuals, trace, density, verdict")
        {
            checkpoint, op, dataset, data, subset, k, steps, probes, seed, outOption,
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(checkpoint),
            parse.GetValue(dataset)!.ToLowerInvariant(),
            parse.GetValue(data),
            parse.GetValue(subset),
            parse.GetValue(k),
            parse.GetValue(steps),
            parse.GetValue(probes),
            (ulong)parse.GetValue(seed),
            parse.GetValue(outOption)!));
        return command;
    }

    private static int Run(CliContext context, string? checkpoint, string datasetName, string? dataDirectory, int subset, int k, int steps, int probes, ulong seed, string outPath)
    {
        var folder = OutputFolder.Prepare(outPath);
        var clock = Stopwatch.StartNew();
        Module model;
        ModelSpec spec;
        ClassificationData data;
        string origin;
        if (checkpoint is not null)
        {
            spec = ModelSpec.FromMetadata(CheckpointFiles.ReadMetadata(checkpoint), checkpoint);
            data = ClassificationData.Load(spec.Dataset, dataDirectory, Math.Max(subset, 1000), spec.Seed);
            model = spec.Build();
            CheckpointFiles.Load(model, checkpoint);
            origin = $"checkpoint {checkpoint}";
        }
        else
        {
            data = ClassificationData.Load(datasetName, dataDirectory, 2000, seed);
            spec = new ModelSpec("mlp", data.Inputs > 16 ? [32] : [16, 16], datasetName == "spirals" ? Activation.Tanh : Activation.ReLU, datasetName, data.Inputs, data.Classes, seed);
            model = spec.Build();
            var setup = new TrainingSetup
            {
                Parameters = model.Parameters(),
                Logits = model.Forward,
                Module = model,
                Train = data.Loader(64, images: false, seed),
                Monitor = data.Monitor(false, 500),
                Validation = data.Validation(false),
                Optimizer = "adam",
                LearningRate = datasetName == "fashion-mnist" ? 1e-3 : 1e-2,
                Epochs = datasetName == "fashion-mnist" ? 1 : 20,
                EvaluateEvery = 1000,
            };
            var trained = LiveProgress.Run(context, "training a small model first", p => Trainer.Run(setup, p, context.Cancellation));
            origin = $"a small model trained first ({trained.Steps} Adam steps on {data.TrainCount} examples)";
        }

        var (x, labels) = data.Monitor(spec.TakesImages, subset);
        model.Eval();
        var parameters = model.Parameters();
        var hessian = HessianOperator.ForParameters(() => Losses.SoftmaxCrossEntropy(model.Forward(x), labels), parameters);
        var applications = 0;
        var counting = new CountingOperator(hessian, () => applications++);
        context.Line($"probing the Hessian of {spec.Describe()} ({hessian.Dimension:N0} parameters) over {labels.Length} examples of {data.Name}: {steps} Lanczos steps, {probes} density probes");
        var summary = LiveProgress.Run(context, "probing", _ => CurvatureProbe.Run(counting, k, steps, probes, seed, () => applications));
        var table = StandardSections.CurvatureTable("curvature", summary, 0);
        var eigen = StandardSections.EigenTable("eigenpairs", summary);
        ConsoleTables.Show(context, "Curvature", table);
        ConsoleTables.Show(context, "Extreme eigenvalues", eigen);
        context.Line($"verdict: {summary.Verdict} ({applications} HVPs, {clock.Elapsed.TotalSeconds:F1} s)");

        var report = new Report($"AutoDiff probe: the Hessian of {spec.Describe()}");
        report.Summary.Add($"Model: {spec.Describe()}, {hessian.Dimension:N0} parameters, from {origin}.");
        report.Summary.Add($"Loss: softmax cross-entropy over the first {labels.Length} training examples of {data.Name}, in eval mode.");
        report.Summary.Add($"Probe: Lanczos, {steps} steps with full reorthogonalisation; Hutchinson trace and SLQ density with {probes} probes; {applications} Hessian-vector products; {clock.Elapsed.TotalSeconds:F1} s.");
        var section = report.Section("curvature", "Curvature")
            .Text($"Verdict: {summary.Verdict}. Residuals ‖Hu − λu‖ small against |λ| mean the Ritz pair has converged.")
            .Table(table)
            .Table(eigen);
        if (StandardSections.DensityPlot("density", "Hessian eigenvalue density", summary) is { } plot)
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

    /// <summary>Counts applications of an operator (the parameter Hessian does not count its own).</summary>
    private sealed class CountingOperator(ILinearOperator inner, Action onApply) : ILinearOperator
    {
        public int Dimension => inner.Dimension;

        public void Apply(ReadOnlySpan<double> v, Span<double> result)
        {
            onApply();
            inner.Apply(v, result);
        }
    }
}
