using System.Text.Json.Serialization;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// One measured figure next to its limit from the same run. <see cref="Ratio"/> is oriented as its
/// <see cref="Target"/> reads (figure/limit for rates, limit/figure for times, unless the target says otherwise).
/// </summary>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The figure (median over repetitions).</param>
/// <param name="Unit">The figure's unit (the limit has the same unit).</param>
/// <param name="Limit">The limit measured in alternation with the figure, or null where none applies.</param>
/// <param name="Ratio">The figure against its limit, or null.</param>
/// <param name="Target">The target, as text (e.g. <c>ratio &gt;= 0.85</c>), or null.</param>
/// <param name="Met">Whether the target is met, or null where there is none.</param>
public sealed record PerfRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("limit")] double? Limit,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("met")] bool? Met)
{
    /// <summary>A figure with no limit and no target.</summary>
    public static PerfRecord Plain(string name, double value, string unit) => new(name, value, unit, null, null, null, null);

    /// <summary>A rate (higher is better) with its limit: ratio = value / limit, target ratio ≥ <paramref name="minRatio"/> if given.</summary>
    public static PerfRecord Rate(string name, double value, string unit, double limit, double? minRatio)
    {
        var ratio = value / limit;
        return new(name, value, unit, limit, ratio, minRatio is { } m ? $"ratio >= {m:0.00}" : null, minRatio is { } t ? ratio >= t : null);
    }

    /// <summary>A time (lower is better) with its limit: ratio = limit / value, target ratio ≥ <paramref name="minRatio"/> if given.</summary>
    public static PerfRecord Time(string name, double value, string unit, double limit, double? minRatio)
    {
        var ratio = limit / value;
        return new(name, value, unit, limit, ratio, minRatio is { } m ? $"ratio >= {m:0.00}" : null, minRatio is { } t ? ratio >= t : null);
    }
}
