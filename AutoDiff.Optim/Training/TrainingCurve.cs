using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AutoDiff.Optim.Training;

/// <summary>The points of a training run, in order, exportable to CSV and JSON for plots and diagnostics.</summary>
public sealed class TrainingCurve
{
    private static readonly string[] s_columns =
        ["step", "epoch", "learning_rate", "gradient_norm", "update_ratio", "monitor_loss", "monitor_accuracy", "validation_loss", "validation_accuracy", "seconds"];

    private readonly List<CurvePoint> _points = [];

    /// <summary>The points.</summary>
    public IReadOnlyList<CurvePoint> Points => _points;

    /// <summary>Appends a point.</summary>
    /// <param name="point">The point.</param>
    public void Add(CurvePoint point) => _points.Add(point);

    /// <summary>The curve as CSV with a header line; numbers in invariant culture, round-trip precision.</summary>
    /// <returns>The text.</returns>
    public string ToCsv()
    {
        var text = new StringBuilder().AppendJoin(',', s_columns).Append('\n');
        foreach (var p in _points)
        {
            text.AppendJoin(',', Values(p).Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The curve as a JSON array of objects (NaN and infinities as null).</summary>
    /// <returns>The text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var p in _points)
            {
                json.WriteStartObject();
                var values = Values(p);
                for (var k = 0; k < s_columns.Length; k++)
                {
                    if (double.IsFinite(values[k]))
                    {
                        json.WriteNumber(s_columns[k], values[k]);
                    }
                    else
                    {
                        json.WriteNull(s_columns[k]);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="ToCsv"/> to a file atomically.</summary>
    /// <param name="path">The file.</param>
    public void SaveCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    /// <summary>Writes <see cref="ToJson"/> to a file atomically.</summary>
    /// <param name="path">The file.</param>
    public void SaveJson(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a curve written by <see cref="ToJson"/> (nulls become NaN).</summary>
    /// <param name="json">The text.</param>
    /// <returns>The curve.</returns>
    public static TrainingCurve FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var curve = new TrainingCurve();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            double Get(string name) => element.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;
            curve.Add(new CurvePoint(
                (long)Get("step"), Get("epoch"), Get("learning_rate"), Get("gradient_norm"), Get("update_ratio"),
                Get("monitor_loss"), Get("monitor_accuracy"), Get("validation_loss"), Get("validation_accuracy"), Get("seconds")));
        }

        return curve;
    }

    private static double[] Values(CurvePoint p) =>
        [p.Step, p.Epoch, p.LearningRate, p.GradientNorm, p.UpdateRatio, p.MonitorLoss, p.MonitorAccuracy, p.ValidationLoss, p.ValidationAccuracy, p.Seconds];
}
