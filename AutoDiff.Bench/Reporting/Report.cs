namespace AutoDiff.Bench.Reporting;

/// <summary>A run's report: a title, summary lines and sections of text, tables and plots, written as Markdown, HTML and PNGs.</summary>
public sealed class Report(string title)
{
    /// <summary>The report's title.</summary>
    public string Title { get; } = title;

    /// <summary>Lines under the title: what ran, on what, how long.</summary>
    public List<string> Summary { get; } = [];

    /// <summary>The sections, in order.</summary>
    public List<ReportSection> Sections { get; } = [];

    /// <summary>Adds a section and returns it.</summary>
    public ReportSection Section(string id, string heading)
    {
        var section = new ReportSection(id, heading);
        Sections.Add(section);
        return section;
    }

    /// <summary>Every plot of every section.</summary>
    public IEnumerable<PlotSpec> Plots => Sections.SelectMany(s => s.Blocks.OfType<PlotSpec>());
}
