using System.Globalization;
using AutoDiff.Bench.Curvature;
using AutoDiff.Bench.Training;

namespace AutoDiff.Bench.Reporting;

/// <summary>The sections that demo, train and probe share: training curves, optimisation curves and a curvature probe.</summary>
public static class StandardSections
{
    /// <summary>Formats a number for a table: 4 significant digits, invariant culture.</summary>
    public static string F(double value) => double.IsNaN(value) ? "-" : double.IsPositiveInfinity(value) ? "inf" : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Adds the "training-curve" section (monitor and validation loss, validation accuracy, learning rate).</summary>
    public static void TrainingCurve(Report report, IReadOnlyList<CurvePoint> curve, string note)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(curve);
        var steps = curve.Select(p => (double)p.Step).ToArray();
        var section = report.Section("training-curve", "Training curve").Text(note);
        section.Plot(new PlotSpec("loss", "Loss", "step", "softmax cross-entropy") { LogY = true, Caption = "Monitor loss (fixed training subset) and validation loss" }
            .Line("monitor loss", steps, curve.Select(p => p.MonitorLoss))
            .Line("validation loss", steps, curve.Select(p => p.ValidationLoss)));
        section.Plot(new PlotSpec("accuracy", "Validation accuracy", "step", "accuracy") { Caption = "Validation accuracy" }
            .Line("validation accuracy", steps, curve.Select(p => p.ValidationAccuracy)));
        section.Plot(new PlotSpec("learning-rate", "Learning rate", "step", "learning rate") { Caption = "Learning rate used at each step" }
            .Line("learning rate", steps, curve.Select(p => p.LearningRate)));
        var last = curve[^1];
        var table = new ReportTable("final", "step", "epoch", "monitor loss", "validation loss", "validation accuracy", "examples/s");
        table.Row(last.Step.ToString(CultureInfo.InvariantCulture), F(last.Epoch), F(last.MonitorLoss), F(last.ValidationLoss), F(last.ValidationAccuracy), F(last.ExamplesPerSecond));
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
            .Text("‖g‖ is the global gradient norm of the step before clipping; the update ratio is ‖Δθ‖/‖θ‖ (around 1e-3 is healthy for SGD-like methods).")
            .Plot(new PlotSpec("grad-norm", "Gradient norm", "step", "‖g‖") { LogY = true, Caption = "Global gradient norm" }.Line("‖g‖", steps, rows.Select(p => p.GradNorm)))
            .Plot(new PlotSpec("update-ratio", "Update ratio", "step", "‖Δθ‖/‖θ‖") { LogY = true, Caption = "Relative size of each update" }.Line("‖Δθ‖/‖θ‖", steps, rows.Select(p => p.UpdateRatio)));
    }

    /// <summary>The summary table of a curvature probe: one row per figure.</summary>
    public static ReportTable CurvatureTable(string id, CurvatureSummary s, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(s);
        var table = new ReportTable(id, "quantity", "value");
        table.Row("λmax", F(s.LambdaMax));
        table.Row("λmin", F(s.LambdaMin));
        table.Row("condition number λmax/λmin", F(s.Condition));
        table.Row("negative eigenvalues (estimate)", F(s.NegativeCount));
        table.Row("trace (Hutchinson)", double.IsNaN(s.Trace.Value) ? "-" : $"{F(s.Trace.Value)} ± {F(s.Trace.StandardError)}");
        table.Row("2/λmax (GD stability bound)", F(s.StableStep));
        if (learningRate > 0)
        {
            table.Row("learning rate used", F(learningRate));
        }

        table.Row("verdict", s.Verdict);
        table.Row("dimension", s.Dimension.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>The eigenpairs table: top-k and bottom-k with their residuals ‖Hu − λu‖.</summary>
    public static ReportTable EigenTable(string id, CurvatureSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var table = new ReportTable(id, "which", "λ", "residual ‖Hu − λu‖");
        for (var i = 0; i < s.Top.Length; i++)
        {
            table.Row($"top {i + 1}", F(s.Top[i].Value), F(s.Top[i].Residual));
        }

        for (var i = 0; i < s.Bottom.Length; i++)
        {
            table.Row($"bottom {i + 1}", F(s.Bottom[i].Value), F(s.Bottom[i].Residual));
        }

        return table;
    }

    /// <summary>A spectral density plot with the top eigenvalues marked (null when the summary has no density).</summary>
    public static PlotSpec? DensityPlot(string id, string title, CurvatureSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Density is null)
        {
            return null;
        }

        var lo = Math.Min(s.Density.Nodes.Min(), s.LambdaMin);
        var hi = Math.Max(s.Density.Nodes.Max(), s.LambdaMax);
        var span = Math.Max(hi - lo, 1e-12);
        lo -= 0.05 * span;
        hi += 0.05 * span;
        var sigma = span / 80;
        var xs = Enumerable.Range(0, 400).Select(i => lo + ((hi - lo) * i / 399)).ToArray();
        // Log scale: the outliers that set the step size carry a tiny share of the mass next to the bulk near zero.
        var ys = xs.Select(x => s.Density.Evaluate(x, sigma)).ToArray();
        var floor = ys.Max() * 1e-7;
        var plot = new PlotSpec(id, title, "eigenvalue λ", "density (log scale)") { LogY = true, Caption = $"{title}: stochastic Lanczos quadrature, Gaussian smoothing σ = {F(sigma)}, log scale; dashed lines: top eigenvalues by Lanczos" };
        plot.Line("density (SLQ)", xs, ys.Select(y => Math.Max(y, floor)));
        for (var i = 0; i < Math.Min(3, s.Top.Length); i++)
        {
            plot.Markers.Add(new PlotMarker(s.Top[i].Value, $"λ{i + 1} = {F(s.Top[i].Value)}"));
        }

        return plot;
    }
}
