namespace AutoDiff.Optim.Training;

/// <summary>What a training run produced: its curve, and why it stopped.</summary>
public sealed class TrainingResult
{
    /// <summary>Creates the result.</summary>
    /// <param name="curve">The curve.</param>
    /// <param name="epochsCompleted">Epochs completed.</param>
    /// <param name="steps">Steps taken.</param>
    /// <param name="epochSeconds">Wall time of each completed epoch, evaluation excluded.</param>
    /// <param name="divergence">Why training stopped early, or null.</param>
    public TrainingResult(TrainingCurve curve, int epochsCompleted, long steps, IReadOnlyList<double> epochSeconds, string? divergence)
    {
        Curve = curve;
        EpochsCompleted = epochsCompleted;
        Steps = steps;
        EpochSeconds = epochSeconds;
        Divergence = divergence;
    }

    /// <summary>The curve.</summary>
    public TrainingCurve Curve { get; }

    /// <summary>Epochs completed.</summary>
    public int EpochsCompleted { get; }

    /// <summary>Steps taken.</summary>
    public long Steps { get; }

    /// <summary>Wall time of each epoch run in this call, evaluation excluded.</summary>
    public IReadOnlyList<double> EpochSeconds { get; }

    /// <summary>Why training stopped early (NaN or infinite loss, or a loss far above its start), or null.</summary>
    public string? Divergence { get; }

    /// <summary>Whether training diverged.</summary>
    public bool Diverged => Divergence is not null;

    /// <summary>The last point of the curve.</summary>
    public CurvePoint Last => Curve.Points[^1];
}
