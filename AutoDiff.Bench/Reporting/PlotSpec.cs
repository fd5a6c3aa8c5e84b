namespace AutoDiff.Bench.Reporting;

/// <summary>What a plot shows; <see cref="PlotRenderer"/> draws it as SVG (for the HTML) and PNG.</summary>
public sealed class PlotSpec(string id, string title, string xLabel, string yLabel)
{
    /// <summary>The plot's id: its PNG is <c>{Id}.png</c>, its HTML figure has id <c>plot-{Id}</c>.</summary>
    public string Id { get; } = id;

    /// <summary>The title above the plot.</summary>
    public string Title { get; } = title;

    /// <summary>The x-axis label.</summary>
    public string XLabel { get; } = xLabel;

    /// <summary>The y-axis label.</summary>
    public string YLabel { get; } = yLabel;

    /// <summary>Whether the y axis is logarithmic (non-positive values are left out).</summary>
    public bool LogY { get; init; }

    /// <summary>Whether the x axis is logarithmic (non-positive values are left out).</summary>
    public bool LogX { get; init; }

    /// <summary>Whether the series are drawn as a filled density curve rather than lines.</summary>
    public bool Filled { get; init; }

    /// <summary>Whether the legend goes to the lower right (for rising curves such as accuracy) instead of the upper right.</summary>
    public bool LegendLowerRight { get; init; }

    /// <summary>A caption under the plot.</summary>
    public string? Caption { get; init; }

    /// <summary>The lines.</summary>
    public List<PlotSeries> Series { get; } = [];

    /// <summary>Vertical marker lines.</summary>
    public List<PlotMarker> Markers { get; } = [];

    /// <summary>Adds a line.</summary>
    public PlotSpec Line(string name, IEnumerable<double> x, IEnumerable<double> y)
    {
        Series.Add(new PlotSeries(name, x.ToArray(), y.ToArray()));
        return this;
    }
}
