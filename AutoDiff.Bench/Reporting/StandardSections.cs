using System.Globalization;
using AutoDiff.Linalg;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Reporting;

/// <summary>The sections that demo, train and probe share: training curves, optimisation curves and a curvature summary.</summary>
public static class StandardSections
{
    /// <summary>Formats a number for a table: 4 significant digits, invariant culture.</summary>
    public static string F(double value) => double.IsNaN(value) ? "-" : double.IsPositiveInfinity(value) ? "inf" : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Formats an optional number.</summary>
    public static string F(double? value) => value is { } v ? F(v) : "-";

    /// <summary>Adds the "training-curve" section (monitor and validation loss, accuracy, learning rate).</summary>
    public static void TrainingCurve(Report report, IReadOnlyList<CurvePoint> curve, string note)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(curve);
        var steps = curve.Select(p => (double)p.Step).ToArray();
        var section = report.Section("training-curve", "Training curve").Text(note);
        section.Plot(new PlotSpec("loss", "Loss", "step", "softmax cross-entropy") { LogY = true, Caption = "Monitor loss (fixed training subset) and validation loss" }
            .Line("monitor loss", steps, curve.Select(p => p.MonitorLoss))
            .Line("validation loss", steps, curve.Select(p => p.ValidationLoss)));
        section.Plot(new PlotSpec("accuracy", "Accuracy", "step", "accuracy") { LegendLowerRight = true, Caption = "Accuracy on the monitor subset and the validation set" }
            .Line("monitor accuracy", steps, curve.Select(p => p.MonitorAccuracy))
            .Line("validation accuracy", steps, curve.Select(p => p.ValidationAccuracy)));
        section.Plot(new PlotSpec("learning-rate", "Learning rate", "step", "learning rate") { Caption = "Learning rate used at each step" }
            .Line("learning rate", steps, curve.Select(p => p.LearningRate)));
        var last = curve[^1];
        var table = new ReportTable("final", "step", "epoch", "monitor loss", "validation loss", "validation accuracy", "seconds");
        table.Row(last.Step.ToString(CultureInfo.InvariantCulture), F(last.Epoch), F(last.MonitorLoss), F(last.ValidationLoss), F(last.ValidationAccuracy), F(last.Seconds));
        section.Table(table);
    }

    /// <summary>Adds the "optimisation" section (gradient norm and update ratio).</summary>
    public static void Optimisation(Report report, IReadOnlyList<CurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(curve);
        var rows = curve.Where(p => p.Step > 0).ToArray();
        var steps = rows.Select(p => (double)p.Step).ToArray();
        report.Section("optimisation", "Gradient norm and update ratio")
            .Text("‖g‖ is the global gradient norm of the step (before clipping); the update ratio is ‖Δθ‖/‖θ‖ of that step.")
            .Plot(new PlotSpec("grad-norm", "Gradient norm", "step", "‖g‖") { LogY = true, Caption = "Global gradient norm" }.Line("‖g‖", steps, rows.Select(p => p.GradientNorm)))
            .Plot(new PlotSpec("update-ratio", "Update ratio", "step", "‖Δθ‖/‖θ‖") { LogY = true, Caption = "Relative size of each update" }.Line("‖Δθ‖/‖θ‖", steps, rows.Select(p => p.UpdateRatio)));
    }

    /// <summary>The summary table of a curvature probe: one row per figure.</summary>
    public static ReportTable CurvatureTable(string id, CurvatureSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var table = new ReportTable(id, "quantity", "value");
        table.Row("λmax", F(s.LambdaMax));
        table.Row("λmin", F(s.LambdaMin));
        table.Row("condition number λmax/λmin", s.ConditionNumber is { } k ? F(k) : "- (λmin ≤ 0)");
        table.Row("negative eigenvalues (SLQ estimate)", s.NegativeCount is { } n ? Math.Round(n).ToString(CultureInfo.InvariantCulture) : "-");
        table.Row("trace (Hutchinson)", s.Trace is { } t ? $"{F(t)} ± {F(s.TraceStandardError)}" : "-");
        table.Row("2/λmax (GD stability bound)", F(s.LearningRateBound));
        if (s.LearningRate is { } lr)
        {
            table.Row("learning rate used", $"{F(lr)} ({(s.LearningRateStable == true ? "below" : "above")} 2/λmax)");
        }

        table.Row("verdict", s.Verdict.ToString().ToLowerInvariant());
        table.Row("dimension", s.Dimension.ToString(CultureInfo.InvariantCulture));
        table.Row("operator applications", s.Applications.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>The eigenpairs table: top-k and bottom-k with their residuals ‖Hu − λu‖.</summary>
    public static ReportTable EigenTable(string id, CurvatureSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var table = new ReportTable(id, "which", "λ", "residual ‖Hu − λu‖");
        for (var i = 0; i < s.Top.Count; i++)
        {
            table.Row($"top {i + 1}", F(s.Top[i].Value), F(s.Top[i].Residual));
        }

        for (var i = 0; i < s.Bottom.Count; i++)
        {
            table.Row($"bottom {i + 1}", F(s.Bottom[i].Value), F(s.Bottom[i].Residual));
        }

        return table;
    }

    /// <summary>The density plot (log scale) with the top eigenvalues marked; null when the summary has no density.</summary>
    public static PlotSpec? DensityPlot(string id, string title, CurvatureSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.DensityLambda.Count == 0)
        {
            return null;
        }

        // Log scale: the outliers that set the step size carry a tiny share of the mass next to the bulk near zero.
        var floor = s.DensityValues.Max() * 1e-7;
        var plot = new PlotSpec(id, title, "eigenvalue λ", "density (log scale)") { LogY = true, Caption = $"{title}: stochastic Lanczos quadrature, Gaussian smoothing σ = {F(s.DensitySigma)}, log scale; dashed lines: top eigenvalues by Lanczos" };
        plot.Line("density (SLQ)", s.DensityLambda, s.DensityValues.Select(y => Math.Max(y, floor)));
        for (var i = 0; i < Math.Min(3, s.Top.Count); i++)
        {
            plot.Markers.Add(new PlotMarker(s.Top[i].Value, $"λ{i + 1} = {F(s.Top[i].Value)}"));
        }

        return plot;
    }

    /// <summary>The verdict with the reasons it rests on, as one paragraph.</summary>
    public static string Verdict(CurvatureSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return $"{s.Verdict.ToString().ToLowerInvariant()}. {string.Join(" ", s.Reasons.Select(r => r.TrimEnd('.') + "."))}";
    }

    /// <summary>Adds a curvature section: the summary and eigenpair tables, and the density plot.</summary>
    public static void Curvature(Report report, string id, string heading, CurvatureSummary summary, string operatorName)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(summary);
        var section = report.Section(id, heading)
            .Text($"Lanczos with full reorthogonalisation on the {operatorName} ({summary.Applications} products). Verdict: {Verdict(summary)}")
            .Table(CurvatureTable(id + "-summary", summary))
            .Table(EigenTable(id + "-eigen", summary));
        if (DensityPlot(id + "-density", heading + ": eigenvalue density", summary) is { } plot)
        {
            section.Plot(plot);
        }
    }
}
