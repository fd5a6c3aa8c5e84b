namespace AutoDiff.Bench.Reporting;

/// <summary>A table of a report (and of the console): headers and rows of already formatted cells.</summary>
public sealed class ReportTable(string id, params string[] headers)
{
    /// <summary>The table's id in the HTML (and the name of its JSON file when one is written).</summary>
    public string Id { get; } = id;

    /// <summary>The column headers.</summary>
    public IReadOnlyList<string> Headers { get; } = headers;

    /// <summary>The rows; each has one cell per header.</summary>
    public List<string[]> Rows { get; } = [];

    /// <summary>Adds a row, checking it has one cell per column.</summary>
    public ReportTable Row(params string[] cells)
    {
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"ReportTable '{Id}': a row has {cells.Length} cells but the table has {Headers.Count} columns.", nameof(cells));
        }

        Rows.Add(cells);
        return this;
    }
}
