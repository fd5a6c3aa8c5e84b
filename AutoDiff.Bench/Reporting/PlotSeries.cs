namespace AutoDiff.Bench.Reporting;

/// <summary>One line of a plot (or the bars of a histogram).</summary>
/// <param name="Name">The legend entry.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values, one per x.</param>
public sealed record PlotSeries(string Name, double[] X, double[] Y);
