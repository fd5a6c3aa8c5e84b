using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace AutoDiff.Bench.Reporting;

/// <summary>Draws a <see cref="PlotSpec"/> with ScottPlot, as an SVG fragment for inline HTML and as a PNG file.</summary>
public static partial class PlotRenderer
{
    /// <summary>The size every plot is drawn at, in pixels.</summary>
    public const int Width = 720;

    /// <summary>The height every plot is drawn at, in pixels.</summary>
    public const int Height = 400;

    private static readonly Color[] s_palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#ff7f0e"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#17becf"),
        Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"), Color.FromHex("#000000"), Color.FromHex("#aec7e8"),
        Color.FromHex("#ff9896"), Color.FromHex("#98df8a"),
    ];

    /// <summary>Writes <c>{spec.Id}.png</c> into <paramref name="folder"/> and returns the SVG markup (ids made unique to the plot).</summary>
    public static string Render(PlotSpec spec, string folder)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var plot = Build(spec);
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(Path.Combine(folder, spec.Id + ".png"), png);
        return InlineSvg(plot.GetSvgXml(Width, Height), spec.Id);
    }

    private static Plot Build(PlotSpec spec)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(spec.Title);
        plot.XLabel(spec.XLabel);
        plot.YLabel(spec.YLabel);
        var colour = 0;
        var anyData = false;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        foreach (var series in spec.Series)
        {
            var (xs, ys) = Finite(series, spec.LogX, spec.LogY);
            if (xs.Length == 0)
            {
                continue;
            }

            anyData = true;
            yMin = Math.Min(yMin, ys.Min());
            yMax = Math.Max(yMax, ys.Max());
            xMin = Math.Min(xMin, xs.Min());
            xMax = Math.Max(xMax, xs.Max());
            var color = s_palette[colour++ % s_palette.Length];
            if (spec.Filled)
            {
                var fill = plot.Add.FillY(xs, ys, new double[ys.Length]);
                fill.FillColor = color.WithAlpha(0.35);
                fill.LineColor = color;
                fill.LegendText = series.Name;
            }
            else
            {
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.LineWidth = 2;
                line.MarkerSize = xs.Length == 1 ? 6 : 0;
                line.LegendText = series.Name;
            }
        }

        foreach (var marker in spec.Markers)
        {
            var x = spec.LogX ? Math.Log10(marker.X) : marker.X;
            if (!double.IsFinite(x))
            {
                continue;
            }

            var line = plot.Add.VerticalLine(x, 1.5f, s_palette[colour++ % s_palette.Length], LinePattern.Dashed);
            line.LegendText = marker.Label;
        }

        if (spec.LogX)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks(xMin, xMax);
        }

        if (anyData && yMax - yMin <= 1e-9 * Math.Max(1, Math.Abs(yMax)))
        {
            // A constant line (a constant learning rate): show it with room around it, not at an axis of ±1.
            var pad = spec.LogY ? 0.5 : Math.Max(Math.Abs(yMax) * 0.5, 1e-12);
            plot.Axes.SetLimitsY(spec.LogY || yMax < 0 ? yMin - pad : Math.Min(0, yMin - pad), yMax + pad);
            if (spec.LogY)
            {
                (yMin, yMax) = (yMin - pad, yMax + pad);
            }
        }

        if (spec.LogY)
        {
            plot.Axes.Left.TickGenerator = LogTicks(yMin, yMax);
        }

        if (!anyData)
        {
            plot.Add.Annotation("no finite data");
        }

        if (spec.Series.Count + spec.Markers.Count > 5)
        {
            // Many lines: the legend goes beside the plot, not over the curves.
            plot.ShowLegend(Edge.Right);
        }
        else if (spec.Series.Count + spec.Markers.Count > 1)
        {
            plot.ShowLegend(spec.LegendLowerRight ? Alignment.LowerRight : Alignment.UpperRight);
        }
        else
        {
            plot.HideLegend();
        }

        return plot;
    }

    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in LogAxisTicks.Compute(lo, hi))
        {
            if (label is null)
            {
                ticks.AddMinor(position);
            }
            else
            {
                ticks.AddMajor(position, label);
            }
        }

        return ticks;
    }

    private static (double[] X, double[] Y) Finite(PlotSeries series, bool logX, bool logY)
    {
        var xs = new List<double>(series.X.Length);
        var ys = new List<double>(series.Y.Length);
        for (var i = 0; i < Math.Min(series.X.Length, series.Y.Length); i++)
        {
            var x = logX ? Math.Log10(series.X[i]) : series.X[i];
            var y = logY ? Math.Log10(series.Y[i]) : series.Y[i];
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                xs.Add(x);
                ys.Add(y);
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>Drops the XML prolog, makes the SVG scale with the page and prefixes its ids so several plots can share one document.</summary>
    internal static string InlineSvg(string svg, string plotId)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start > 0 ? svg[start..] : svg;
        var prefix = "p-" + plotId + "-";
        svg = IdAttribute().Replace(svg, m => $"id=\"{prefix}{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        svg = HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
        if (!svg.Contains("viewBox", StringComparison.Ordinal))
        {
            svg = svg.Replace("<svg", $"<svg viewBox=\"0 0 {Width} {Height}\"", StringComparison.Ordinal);
        }

        return svg;
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("(href|xlink:href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
