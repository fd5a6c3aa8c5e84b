using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Curvature;
using AutoDiff.Bench.Reporting;
using AutoDiff.Bench.Training;
using AutoDiff.Checking;
using AutoDiff.Data;
using AutoDiff.Linalg;
using AutoDiff.Nn;
using CurvatureSummary = AutoDiff.Bench.Curvature.CurvatureSummary;

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
        var lr = OptionRules.OptionalPositive("--lr", "Learning rate (default: 0.02 for adam/adamw, 0.3 otherwise)");
        var command = new Command("demo", "Gradient check, HVP check, training with a progress bar and Hessian probes of an MLP on built-in two-spirals data; writes a report (default command)")
        {
            outOption, quick, seed, optimizer, lr,
        };
        command.SetAction(parse => Run(context, parse.GetValue(outOption)!, parse.GetValue(quick), (ulong)parse.GetValue(seed), parse.GetValue(optimizer)!.ToLowerInvariant(), parse.GetValue(lr)));
        return command;
    }

    private static int Run(CliContext context, string outPath, bool quick, ulong seed, string optimizer, double? lrOption)
    {
        var folder = OutputFolder.Prepare(outPath);
        var clock = Stopwatch.StartNew();
        var hidden = quick ? 12 : 32;
        var trainCount = quick ? 160 : 512;
        var train = SyntheticData.TwoSpirals(trainCount, seed: seed * 7919 + 7);
        var validation = SyntheticData.TwoSpirals(quick ? 128 : 512, seed: seed * 7919 + 8);
        var mlp = new FlatMlp(2, hidden, hidden, 2);
        var theta = mlp.Initial(seed);
        var trainX = Tensor.FromArray(train.Features, new Shape(train.Count, 2));
        var labels = train.Labels!;
        Tensor Loss(Tensor t) => Losses.SoftmaxCrossEntropy(mlp.Forward(t, trainX), labels);
        var lr = lrOption ?? (optimizer is "adam" or "adamw" ? 0.02 : 0.3);
        var epochs = quick ? 12 : 150;

        context.Styled($"AutoDiff demo: MLP 2-{hidden}-{hidden}-2 (tanh), softmax cross-entropy, {train.Count} two-spirals points, {mlp.ParameterCount} parameters, float64", "bold");

        // 1. Checks against central differences.
        var sw = Stopwatch.StartNew();
        var gradReport = quick ? GradCheck.RunFast(Loss, theta, directions: 8) : GradCheck.Run(Loss, theta);
        var gradSeconds = sw.Elapsed.TotalSeconds;
        var v = Tensor.Randn(theta.Shape, seed: seed + 3, DType.Float64);
        sw.Restart();
        var hvpReport = HvpCheck.Run(Loss, theta, v);
        var hvpSeconds = sw.Elapsed.TotalSeconds;
        var checks = new ReportTable("checks", "check", "result", "compared", "max abs error", "max rel error", "worst at", "seconds");
        checks.Row(gradReport.Kind, gradReport.Passed ? "passed" : "FAILED", gradReport.Compared.ToString(CultureInfo.InvariantCulture), StandardSections.F(gradReport.MaxAbsError), StandardSections.F(gradReport.MaxRelError), gradReport.WorstLocation, StandardSections.F(gradSeconds));
        checks.Row(hvpReport.Kind, hvpReport.Passed ? "passed" : "FAILED", hvpReport.Compared.ToString(CultureInfo.InvariantCulture), StandardSections.F(hvpReport.MaxAbsError), StandardSections.F(hvpReport.MaxRelError), hvpReport.WorstLocation, StandardSections.F(hvpSeconds));
        ConsoleTables.Show(context, "Derivative checks (central differences, float64)", checks);

        // 2. The Hessian at initialisation.
        var probeSteps = quick ? 16 : 40;
        var densityProbes = quick ? 1 : 3;
        var initial = Probe(Loss, theta, probeSteps, densityProbes, seed);
        ConsoleTables.Show(context, "Hessian at initialisation", StandardSections.CurvatureTable("curvature-init", initial, lr));

        // 3. Training.
        theta.RequiresGrad = true;
        var setup = new TrainingSetup
        {
            Parameters = [theta],
            Logits = x => mlp.Forward(theta, x),
            Train = new DataLoader(train, batchSize: 32, seed: seed, dtype: DType.Float64),
            Monitor = (trainX, labels),
            Validation = (Tensor.FromArray(validation.Features, new Shape(validation.Count, 2)), validation.Labels!),
            Optimizer = optimizer,
            LearningRate = lr,
            Schedule = "constant",
            Epochs = epochs,
            EvaluateEvery = quick ? 10 : 25,
        };
        var result = LiveProgress.Run(context, "training", progress => Trainer.Run(setup, progress, context.Cancellation));
        theta.RequiresGrad = false;
        var last = result.Curve[^1];
        context.Line($"trained {result.Steps} steps ({epochs} epochs, {optimizer}, lr {lr.ToString(CultureInfo.InvariantCulture)}) in {result.Seconds:F1} s: monitor loss {last.MonitorLoss:F4}, validation accuracy {last.ValidationAccuracy:P1}{(result.Diverged ? " — DIVERGED" : string.Empty)}{(result.Interrupted ? " — interrupted" : string.Empty)}");

        // 4. The Hessian at the end.
        var final = Probe(Loss, theta, probeSteps, densityProbes, seed);
        ConsoleTables.Show(context, "Hessian after training", StandardSections.CurvatureTable("curvature-final", final, lr));

        var ok = gradReport.Passed && hvpReport.Passed && !result.Diverged && !result.Interrupted;
        var report = new Report("AutoDiff demo: an MLP on two spirals");
        report.Summary.Add($"Model: MLP 2-{hidden}-{hidden}-2 with tanh, {mlp.ParameterCount} parameters, float64; softmax cross-entropy.");
        report.Summary.Add($"Data: {train.Count} training and {validation.Count} validation points of two interleaved spirals (built in, seed {seed}).");
        report.Summary.Add($"Training: {optimizer}, learning rate {lr.ToString(CultureInfo.InvariantCulture)}, batch 32, {epochs} epochs, {result.Steps} steps, {result.Seconds:F1} s.");
        report.Summary.Add($"Outcome: {(ok ? "all checks passed" : "a check FAILED or training did not finish")}; run took {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores.");
        report.Section("checks", "Derivative checks")
            .Text("The gradient (reverse mode) and the Hessian-vector product (forward-over-reverse) against central finite differences; an HVP check also tests the symmetry uᵀHv = vᵀHu.")
            .Table(checks);
        StandardSections.TrainingCurve(report, result.Curve, "Monitor loss is measured on the whole (fixed) training set, never on the current batch.");
        StandardSections.Optimisation(report, result.Curve);
        AddCurvature(report, "curvature-init", "Hessian at initialisation", initial, lr);
        AddCurvature(report, "curvature-final", "Hessian after training", final, lr);
        var stability = new ReportTable("step-size", "point", "λmax", "2/λmax", "learning rate", "lr · λmax / 2");
        stability.Row("initialisation", StandardSections.F(initial.LambdaMax), StandardSections.F(initial.StableStep), StandardSections.F(lr), StandardSections.F(lr * initial.LambdaMax / 2));
        stability.Row("after training", StandardSections.F(final.LambdaMax), StandardSections.F(final.StableStep), StandardSections.F(lr), StandardSections.F(lr * final.LambdaMax / 2));
        report.Section("step-size", "Step size against curvature")
            .Text("Gradient descent on the local quadratic model is stable for learning rates below 2/λmax; a ratio lr·λmax/2 above 1 means plain GD would oscillate along the top eigenvector (adaptive methods rescale the step per coordinate).")
            .Table(stability);
        CurveFiles.Write(result.Curve, folder);
        ReportWriter.Write(report, folder);
        context.Styled($"report: {Path.Combine(folder, ReportWriter.HtmlFile)} ({clock.Elapsed.TotalSeconds:F1} s)", ok ? "green" : "red");
        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static CurvatureSummary Probe(Func<Tensor, Tensor> loss, Tensor theta, int steps, int densityProbes, ulong seed)
    {
        var op = new HessianOperator(loss, theta.Clone());
        return CurvatureProbe.Run(op, k: 3, steps, densityProbes, seed + 5, () => op.Applications);
    }

    private static void AddCurvature(Report report, string id, string heading, CurvatureSummary summary, double lr)
    {
        var section = report.Section(id, heading)
            .Text($"Lanczos with full reorthogonalisation on the Hessian-vector-product operator ({summary.Applications} HVPs): {summary.Verdict}.")
            .Table(StandardSections.CurvatureTable(id + "-summary", summary, lr))
            .Table(StandardSections.EigenTable(id + "-eigen", summary));
        if (StandardSections.DensityPlot(id + "-density", heading + ": eigenvalue density", summary) is { } plot)
        {
            section.Plot(plot);
        }
    }
}
