namespace AutoDiff.Bench.Training;

/// <summary>What a training run produced: its curve and how it ended.</summary>
public sealed class TrainingResult
{
    /// <summary>The curve, one row per evaluation.</summary>
    public List<CurvePoint> Curve { get; } = [];

    /// <summary>Whether Ctrl+C stopped the run before its last epoch.</summary>
    public bool Interrupted { get; set; }

    /// <summary>Whether the loss became NaN or infinite.</summary>
    public bool Diverged { get; set; }

    /// <summary>Steps taken in this run.</summary>
    public long Steps { get; set; }

    /// <summary>Epochs completed, counting those done before a resume.</summary>
    public int EpochsCompleted { get; set; }

    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; set; }
}
