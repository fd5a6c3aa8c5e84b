using AutoDiff.Optim;

namespace AutoDiff.Bench.Training;

/// <summary>The library's learning-rate schedules by the names <c>--schedule</c> accepts.</summary>
public static class ScheduleCatalog
{
    /// <summary>The names accepted by <c>--schedule</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "cosine", "step", "warmup-cosine", "onecycle"];

    /// <summary>The schedule <paramref name="name"/> peaking at <paramref name="lr"/> over <paramref name="totalSteps"/> steps (null for constant).</summary>
    public static Schedule? Create(string name, double lr, long totalSteps)
    {
        var total = Math.Max(1, totalSteps);
        var warmup = Math.Max(1, total / 20);
        return name.ToLowerInvariant() switch
        {
            "constant" => null,
            "cosine" => Schedule.CosineAnnealing(lr, total),
            "step" => Schedule.Step(lr, Math.Max(1, total / 3)),
            "warmup-cosine" => Schedule.WarmUp(Schedule.CosineAnnealing(lr, Math.Max(1, total - warmup)), warmup),
            "onecycle" => Schedule.OneCycle(lr, total),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown schedule; allowed values: {string.Join(", ", Names)}."),
        };
    }
}
