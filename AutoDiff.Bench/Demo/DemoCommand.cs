using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Models;
using AutoDiff.Bench.Reporting;
using AutoDiff.Bench.Training;
using AutoDiff.Checking;
using AutoDiff.Data;
using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Demo;

/// <summary>
/// <c>autodiff demo</c> (the default): on built-in two-spirals data, gradient- and HVP-checks an MLP, trains it with a
/// progress bar, probes its Hessian at initialisation and at the end, and writes the report folder.
/// </summary>
public static class DemoCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff                                 # the demo, report in ./autodiff-out",
        "autodiff demo --out /tmp/report --seed 3",
        "autodiff demo --optimizer sgd --lr 0.5   # watch 2/λmax against the step size",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var outOption = OptionRules.Out();
        var quick = new Option<bool>("--quick") { Description = "A smaller model, data set and probe (a few seconds; used by the tests)" };
        var seed = OptionRules.Int("--seed", "Seed of the data, the initial weights and the probes", 1, 0);
        var optimizer = OptionRules.Choice("--optimizer", "Optimizer", "adam", [.. OptimizerCatalog.Names]);
        var lr = OptionRules.OptionalPositive("--lr", "Learning rate (default: 0.02 for the Adam family, 0.3 otherwise)");
        var command = new Command("demo", "Gradient check, HVP check, training with a progress bar and Hessian probes of an MLP on built-in two-spirals data; writes a report (default command)")
        {
            outOption, quick, seed, optimizer, lr,
        };
        command.SetAction(parse => Run(context, parse.GetValue(outOption)!, parse.GetValue(quick), (ulong)parse.GetValue(seed), parse.GetValue(optimizer)!.ToLowerInvariant(), parse.GetValue(lr)));
        return command;
    }

    private static int Run(CliContext context, string outPath, bool quick, ulong seed, string optimizerName, double? lrOption)
    {
        var folder = OutputFolder.Prepare(outPath);
        var clock = Stopwatch.StartNew();
        var hidden = quick ? 12 : 32;
        var train = SyntheticData.TwoSpirals(quick ? 160 : 512, seed: (seed * 7919) + 7);
        var validation = SyntheticData.TwoSpirals(quick ? 128 : 512, seed: (seed * 7919) + 8);
        var model = Mlp.Create([2, hidden, hidden, 2], Activation.Tanh, dtype: DType.Float64, rng: new Rng(seed));
        var x = Tensor.FromArray(train.Features, new Shape(train.Count, 2));
        var labels = train.Labels!;
        var lr = lrOption ?? (optimizerName.Contains("adam", StringComparison.Ordinal) ? 0.02 : 0.3);
        var epochs = quick ? 12 : 150;
        context.Styled($"AutoDiff demo: MLP 2-{hidden}-{hidden}-2 (tanh), softmax cross-entropy, {train.Count} two-spirals points, {model.ParameterCount} parameters, float64", "bold");

        // 1. The module's own loss, as a function of one flat vector, against central differences.
        var loss = FlatView.Loss(model, () => Losses.SoftmaxCrossEntropy(model.Forward(x), labels));
        var theta = FlatView.Flatten(model);
        var sw = Stopwatch.StartNew();
        var gradReport = quick ? GradCheck.RunFast(loss, theta, directions: 8) : GradCheck.Run(loss, theta);
        var gradSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var hvpReport = HvpCheck.Run(loss, theta, Tensor.Randn(theta.Shape, seed: seed + 3, DType.Float64));
        var hvpSeconds = sw.Elapsed.TotalSeconds;
        var checks = new ReportTable("checks", "check", "result", "compared", "max abs error", "max rel error", "worst at", "seconds");
        foreach (var (report, seconds) in new[] { (gradReport, gradSeconds), (hvpReport, hvpSeconds) })
        {
            checks.Row(report.Kind, report.Passed ? "passed" : "FAILED", report.Compared.ToString(CultureInfo.InvariantCulture), StandardSections.F(report.MaxAbsError), StandardSections.F(report.MaxRelError), report.WorstLocation, StandardSections.F(seconds));
        }

        ConsoleTables.Show(context, "Derivative checks (central differences, float64)", checks);

        // 2. The Hessian at initialisation.
        CurvatureOptions Options(ulong probeSeed) => new() { Top = 3, Bottom = 3, MaxSteps = quick ? 24 : 80, Tolerance = 1e-6, DensityProbes = quick ? 1 : 3, DensitySteps = quick ? 16 : 40, TraceSamples = quick ? 4 : 20, LearningRate = lr, Seed = probeSeed };
        var initial = Curvature.Summarize(ModelCurvature.Hessian(model, x, labels), Options(seed));
        ConsoleTables.Show(context, "Hessian at initialisation", StandardSections.CurvatureTable("curvature-init", initial));
        context.Line($"verdict: {StandardSections.Verdict(initial)}");

        // 3. Training with the library's loop: monitor loss on the (fixed) training set, validation on held-out points.
        var loader = new DataLoader(train, batchSize: 32, seed: seed, dtype: DType.Float64);
        var optimizer = OptimizerCatalog.Create(optimizerName, model.Parameters(), lr);
        var trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = epochs, RecordEvery = quick ? 10 : 25, DivergenceFactor = 1e3 });
        var totalSteps = (long)epochs * loader.BatchCount;
        var status = new CurveStatus(32, totalSteps);
        var result = LiveProgress.Run(context, "training", totalSteps, update => trainer.Fit(
            loader,
            new DataLoader(train, batchSize: 512, shuffle: false, dtype: DType.Float64),
            new DataLoader(validation, batchSize: 512, shuffle: false, dtype: DType.Float64),
            new SyncProgress<CurvePoint>(p => update(p.Step, status.Line(p))),
            context.Cancellation));
        var curve = trainer.Curve.Points;
        var last = curve[^1];
        var diverged = result.Divergence is not null;
        context.Line($"trained {result.Steps} steps ({result.EpochsCompleted} epochs, {optimizerName}, lr {lr.ToString(CultureInfo.InvariantCulture)}) in {last.Seconds:F1} s: monitor loss {last.MonitorLoss:F4}, validation accuracy {last.ValidationAccuracy.ToString("P1", CultureInfo.InvariantCulture)}{(diverged ? $" — DIVERGED: {result.Divergence}" : string.Empty)}");

        // 4. The Hessian at the end; not of diverged weights (NaN stops Lanczos, and saturated ones give a meaningless verdict).
        const string NotProbed = "Not probed: training diverged, so the weights are no point to read curvature at.";
        CurvatureSummary? final = null;
        if (diverged)
        {
            context.Line($"Hessian after training: {NotProbed}");
        }
        else
        {
            final = Curvature.Summarize(ModelCurvature.Hessian(model, x, labels), Options(seed + 1));
            ConsoleTables.Show(context, "Hessian after training", StandardSections.CurvatureTable("curvature-final", final));
            context.Line($"verdict: {StandardSections.Verdict(final)}");
        }

        var ok = gradReport.Passed && hvpReport.Passed && !diverged;
        var document = new Report("AutoDiff demo: an MLP on two spirals");
        document.Summary.Add($"Model: MLP 2-{hidden}-{hidden}-2 with tanh, {model.ParameterCount} parameters, float64; softmax cross-entropy.");
        document.Summary.Add($"Data: {train.Count} training and {validation.Count} validation points of two interleaved spirals (built in, seed {seed}).");
        document.Summary.Add($"Training: {optimizerName}, learning rate {lr.ToString(CultureInfo.InvariantCulture)}, batch 32, {result.EpochsCompleted} epochs, {result.Steps} steps, {last.Seconds:F1} s.");
        document.Summary.Add($"Outcome: {(ok ? "all checks passed" : "a check FAILED or training diverged")}; the run took {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores.");
        document.Section("checks", "Derivative checks")
            .Text("The gradient (reverse mode) and the Hessian-vector product (forward-over-reverse) of the module's loss, as a function of its flat parameter vector, against central finite differences; the HVP check also tests the symmetry uᵀHv = vᵀHu.")
            .Table(checks);
        StandardSections.TrainingCurve(document, curve, "Monitor loss: the whole (fixed) training set, never the current batch. Validation: held-out points.");
        StandardSections.Optimisation(document, curve);
        StandardSections.Curvature(document, "curvature-init", "Hessian at initialisation", initial, "Hessian-vector-product operator");
        if (final is not null)
        {
            StandardSections.Curvature(document, "curvature-final", "Hessian after training", final, "Hessian-vector-product operator");
        }
        else
        {
            document.Section("curvature-final", "Hessian after training").Text(NotProbed);
        }

        var stability = new ReportTable("step-size", "point", "λmax", "2/λmax", "learning rate", "lr · λmax / 2");
        stability.Row("initialisation", StandardSections.F(initial.LambdaMax), StandardSections.F(initial.LearningRateBound), StandardSections.F(lr), StandardSections.F(lr * initial.LambdaMax / 2));
        if (final is not null)
        {
            stability.Row("after training", StandardSections.F(final.LambdaMax), StandardSections.F(final.LearningRateBound), StandardSections.F(lr), StandardSections.F(lr * final.LambdaMax / 2));
        }

        document.Section("step-size", "Step size against curvature")
            .Text("Gradient descent on the local quadratic model is stable for learning rates below 2/λmax; a ratio lr·λmax/2 above 1 means plain GD would oscillate along the top eigenvector (adaptive methods rescale the step per coordinate).")
            .Table(stability);
        trainer.Curve.SaveCsv(Path.Combine(folder, "curve.csv"));
        trainer.Curve.SaveJson(Path.Combine(folder, "curve.json"));
        ReportWriter.Write(document, folder);
        context.Styled($"report: {Path.Combine(folder, ReportWriter.HtmlFile)} ({clock.Elapsed.TotalSeconds:F1} s)", ok ? "green" : "red");
        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }
}
