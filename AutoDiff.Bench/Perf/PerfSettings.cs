namespace AutoDiff.Bench.Perf;

/// <summary>How long the <c>perf</c> command measures: repetitions per figure and the length of one repetition.</summary>
/// <param name="Quick">Whether this is the short run (<c>--quick</c>).</param>
/// <param name="Reps">Repetitions of each figure (and as many of its limit).</param>
/// <param name="RepSeconds">The target length of one repetition.</param>
/// <param name="WarmupSeconds">
/// How long discarded pairs of repetitions run at least before the measured ones (a training step needs about a
/// second of calls before the JIT has tiered all of it up).
/// </param>
public sealed record PerfSettings(bool Quick, int Reps, double RepSeconds, double WarmupSeconds)
{
    /// <summary>The settings of the full run.</summary>
    public static PerfSettings Full { get; } = new(false, 11, 0.05, 1.5);

    /// <summary>The settings of the <c>--quick</c> run.</summary>
    public static PerfSettings QuickRun { get; } = new(true, 5, 0.02, 0.3);
}
