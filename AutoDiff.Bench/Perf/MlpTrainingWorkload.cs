namespace AutoDiff.Bench.Perf;

/// <summary>
/// Training steps of MLP 784-256-256-10 (float32, batch 128, SGD) against the FLOP-bound time of a step
/// (6 × batch × parameters FLOPs at the two-thread float32 FMA peak, measured in alternation), with the managed
/// bytes allocated per step and the gen-2 collections over all the steps run.
/// </summary>
public static class MlpTrainingWorkload
{
    private const double MinRatio = 0.75;

    private const double MaxKilobytesPerStep = 16;

    private const int Gen2Steps = 1000;

    /// <summary>Measures the steps.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var step = MlpStep.Classifier();
        var totalSteps = settings.Quick ? 100 : Gen2Steps;
        var stepsPerRep = (totalSteps + settings.Reps) / (settings.Reps + 1);
        for (var i = 0; i < 3; i++)
        {
            step.Step();
        }

        long allocated = 0;
        long stepsRun = 0;
        var gen2Before = GC.CollectionCount(2);
        double StepMilliseconds()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var seconds = Measure.Seconds(() => step.Step(), stepsPerRep);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            stepsRun += stepsPerRep;
            return seconds * 1e3;
        }

        double FlopBoundMilliseconds() => step.Flops / (FmaPeak.Rate<float>(2, settings.RepSeconds) * 1e9) * 1e3;

        var (limit, figure) = Measure.Interleaved("MLP 784-256-256-10 step", settings, FlopBoundMilliseconds, StepMilliseconds);
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var kilobytes = allocated / 1024.0 / stepsRun;
        const string Name = "MLP 784-256-256-10 f32 B=128 SGD step";
        return
        [
            PerfRecord.Time($"{Name} (limit 6BP FLOPs at FMA peak 2T)", figure, "ms", limit, MinRatio),
            new PerfRecord($"{Name}: managed allocation", kilobytes, "KB/step", null, null, $"value <= {MaxKilobytesPerStep}", kilobytes <= MaxKilobytesPerStep),
            new PerfRecord(
                $"{Name}: gen-2 GCs over {stepsRun} steps",
                gen2,
                "collections",
                null,
                null,
                $"value = 0 over >= {Gen2Steps} steps",
                stepsRun >= Gen2Steps ? gen2 == 0 : null),
        ];
    }
}
