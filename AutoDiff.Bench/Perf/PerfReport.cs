using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoDiff.Bench.Perf;

/// <summary>Prints the records as a table and writes them as a JSON list (atomically: a temporary file, then a move).</summary>
public static class PerfReport
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The records as an aligned text table: name, value, unit, limit, ratio, target, met (✓/✗).</summary>
    public static string Table(IReadOnlyList<PerfRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        string[] header = ["name", "value", "unit", "limit", "ratio", "target", "met"];
        var rows = records.Select(r => new[]
        {
            r.Name,
            Measure.Format(r.Value),
            r.Unit,
            r.Limit is { } l ? Measure.Format(l) : "",
            r.Ratio is { } q ? q.ToString("0.000", CultureInfo.InvariantCulture) : "",
            r.Target ?? "",
            r.Met switch { true => "✓", false => "✗", null => "" },
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        bool[] rightAligned = [false, true, false, true, true, false, false];
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Select((cell, c) => rightAligned[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            text.AppendLine(string.Join("  ", cells).TrimEnd());
            if (i == 0)
            {
                text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the records to <paramref name="path"/> as a JSON list, replacing any file there atomically.</summary>
    public static void WriteJson(IReadOnlyList<PerfRecord> records, string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(records, s_json));
        File.Move(temporary, full, overwrite: true);
    }
}
