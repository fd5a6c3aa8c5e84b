namespace AutoDiff.Bench.Perf;

/// <summary>
/// The forward-over-reverse HVP against the gradient of the same function (MLP 784-256-256-10, ReLU, softmax
/// cross-entropy, batch 128, float64, flat parameters), measured in alternation; the ratio is HVP / gradient.
/// </summary>
public static class HvpWorkload
{
    private const double MaxRatio = 2.0;

    /// <summary>Measures both transforms.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var loss = new FlatMlpLoss();
        void Grad() => loss.Grad();
        void Hvp() => loss.Hvp();
        var gradIterations = Measure.Calibrate(Grad, settings.RepSeconds);
        var hvpIterations = Measure.Calibrate(Hvp, settings.RepSeconds);
        var (grad, hvp) = Measure.Interleaved(
            "HVP vs gradient",
            settings,
            () => Measure.Seconds(Grad, gradIterations) * 1e3,
            () => Measure.Seconds(Hvp, hvpIterations) * 1e3);
        var ratio = hvp / grad;
        return
        [
            new PerfRecord(
                "HVP, MLP 784-256-256-10 f64 B=128 (limit gradient; ratio HVP/grad)",
                hvp,
                "ms",
                grad,
                ratio,
                $"ratio <= {MaxRatio:0.00}",
                ratio <= MaxRatio),
        ];
    }
}
