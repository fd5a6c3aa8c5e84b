namespace AutoDiff.Bench.Training;

/// <summary>Learning-rate schedules as functions of the step (Bench-side until AutoDiff.Optim has its own).</summary>
public static class Schedules
{
    /// <summary>The names accepted by <c>--schedule</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "cosine", "step", "warmup-cosine"];

    /// <summary>The schedule <paramref name="name"/> with peak rate <paramref name="lr"/> over <paramref name="totalSteps"/> steps.</summary>
    public static Func<long, double> Create(string name, double lr, long totalSteps)
    {
        var total = Math.Max(1, totalSteps);
        var warmup = Math.Max(1, total / 20);
        return name.ToLowerInvariant() switch
        {
            "constant" => _ => lr,
            "cosine" => t => lr * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t, total) / total)),
            "step" => t => lr * Math.Pow(0.1, Math.Floor(3.0 * Math.Min(t, total - 1) / total)),
            "warmup-cosine" => t => t < warmup
                ? lr * (t + 1) / warmup
                : lr * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t - warmup, total - warmup) / Math.Max(1, total - warmup))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown schedule; allowed values: {string.Join(", ", Names)}."),
        };
    }
}
