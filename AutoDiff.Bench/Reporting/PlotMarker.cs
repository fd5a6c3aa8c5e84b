namespace AutoDiff.Bench.Reporting;

/// <summary>A vertical line across a plot at <paramref name="X"/>, labelled in the legend (e.g. a top eigenvalue).</summary>
/// <param name="X">Where the line is.</param>
/// <param name="Label">The legend entry.</param>
public sealed record PlotMarker(double X, string Label);
