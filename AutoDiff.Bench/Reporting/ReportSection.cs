namespace AutoDiff.Bench.Reporting;

/// <summary>One section of a <see cref="Report"/>: a heading with an anchor id, then text, tables and plots.</summary>
public sealed class ReportSection(string id, string heading)
{
    /// <summary>The anchor id (letters, digits and dashes), also the HTML section's id.</summary>
    public string Id { get; } = id;

    /// <summary>The heading.</summary>
    public string Heading { get; } = heading;

    /// <summary>The blocks: <see cref="string"/> paragraphs, <see cref="ReportTable"/>s and <see cref="PlotSpec"/>s.</summary>
    public List<object> Blocks { get; } = [];

    /// <summary>Adds a paragraph.</summary>
    public ReportSection Text(string text)
    {
        Blocks.Add(text);
        return this;
    }

    /// <summary>Adds a table.</summary>
    public ReportSection Table(ReportTable table)
    {
        Blocks.Add(table);
        return this;
    }

    /// <summary>Adds a plot.</summary>
    public ReportSection Plot(PlotSpec plot)
    {
        Blocks.Add(plot);
        return this;
    }
}
