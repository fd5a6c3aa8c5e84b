using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDiff.Bench.Reporting;

namespace AutoDiff.Bench.Training;

/// <summary>Writes a training curve as CSV (one header row) and as a JSON array of objects with the same names.</summary>
public static class CurveFiles
{
    /// <summary>The column names, in order, shared by the CSV header and the JSON keys.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["step", "epoch", "monitor_loss", "val_loss", "val_accuracy", "lr", "grad_norm", "update_ratio", "examples_per_second", "seconds"];

    /// <summary>Writes <c>{name}.csv</c> and <c>{name}.json</c> into <paramref name="folder"/>.</summary>
    public static void Write(IReadOnlyList<CurvePoint> curve, string folder, string name = "curve")
    {
        ArgumentNullException.ThrowIfNull(curve);
        var csv = new StringBuilder().AppendJoin(',', Columns).AppendLine();
        foreach (var p in curve)
        {
            csv.AppendJoin(',', Values(p).Select(v => v.ToString("R", CultureInfo.InvariantCulture))).AppendLine();
        }

        AtomicFile.WriteAllText(Path.Combine(folder, name + ".csv"), csv.ToString());
        var rows = curve.Select(p => Columns.Zip(Values(p)).ToDictionary(c => c.First, c => double.IsFinite(c.Second) ? (double?)c.Second : null)).ToList();
        AtomicFile.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double[] Values(CurvePoint p) =>
        [p.Step, p.Epoch, p.MonitorLoss, p.ValidationLoss, p.ValidationAccuracy, p.LearningRate, p.GradNorm, p.UpdateRatio, p.ExamplesPerSecond, p.Seconds];
}
