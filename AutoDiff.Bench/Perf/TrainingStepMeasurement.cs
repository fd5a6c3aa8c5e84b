namespace AutoDiff.Bench.Perf;

/// <summary>
/// Times a training step against its FLOP-bound time at the two-thread float32 FMA peak, the two measured in
/// alternation, and counts the managed bytes allocated per step and the gen-2 collections over all the steps run.
/// </summary>
internal static class TrainingStepMeasurement
{
    private const double TierUpSeconds = 1.0;

    /// <summary>What one measurement found: medians in milliseconds, and the allocation and collections it saw.</summary>
    public readonly record struct Result(double LimitMilliseconds, double StepMilliseconds, double KilobytesPerStep, int Gen2Collections, long StepsRun);

    /// <summary>Measures <paramref name="step"/>, <paramref name="stepsPerRep"/> calls per repetition; warm it up first.</summary>
    public static Result Run(string label, Action step, double flops, long stepsPerRep, PerfSettings settings)
    {
        long allocated = 0;
        long stepsRun = 0;
        var gen2Before = GC.CollectionCount(2);
        double StepMilliseconds()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var seconds = Measure.Seconds(step, stepsPerRep);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            stepsRun += stepsPerRep;
            return seconds * 1e3;
        }

        double FlopBoundMilliseconds() => flops / (FmaPeak.Rate<float>(2, settings.RepSeconds) * 1e9) * 1e3;

        // A training step tiers up method by method over about a second of calls, even in the quick run.
        var warm = settings with { WarmupSeconds = Math.Max(settings.WarmupSeconds, TierUpSeconds) };
        var (limit, figure) = Measure.Interleaved(label, warm, FlopBoundMilliseconds, StepMilliseconds);
        return new Result(limit, figure, allocated / 1024.0 / stepsRun, GC.CollectionCount(2) - gen2Before, stepsRun);
    }
}
