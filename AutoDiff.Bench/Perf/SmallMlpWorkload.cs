namespace AutoDiff.Bench.Perf;

/// <summary>
/// Training steps of MLP 64-64-64-1 (tanh, MSE, batch 32, float32, SGD) in microseconds; the limit is the
/// FLOP-bound time (6 × batch × parameters at the one-thread float32 FMA peak), measured in alternation.
/// </summary>
public static class SmallMlpWorkload
{
    private const double MaxMicroseconds = 40;

    /// <summary>Measures the steps.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var step = MlpStep.Regressor();
        void Step() => step.Step();
        var iterations = Measure.Calibrate(Step, settings.RepSeconds);
        var (limit, figure) = Measure.Interleaved(
            "MLP 64-64-64-1 step",
            settings,
            () => step.Flops / (FmaPeak.Rate<float>(1, settings.RepSeconds) * 1e9) * 1e6,
            () => Measure.Seconds(Step, iterations) * 1e6);
        return
        [
            new PerfRecord(
                "MLP 64-64-64-1 tanh MSE f32 B=32 SGD step (limit 6BP FLOPs at FMA peak 1T)",
                figure,
                "us",
                limit,
                limit / figure,
                $"value < {MaxMicroseconds}",
                figure < MaxMicroseconds),
        ];
    }
}
