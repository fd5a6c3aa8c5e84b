namespace AutoDiff.Bench.Perf;

/// <summary>
/// Training steps of the Fashion-MNIST CNN (<see cref="CnnStep"/>: float32, batch 128, Adam) against the FLOP-bound
/// time of a step (3.26 GFLOP at the two-thread float32 FMA peak, measured in alternation), with the managed bytes
/// allocated per step and the gen-2 collections over all the steps run.
/// </summary>
public static class CnnTrainingWorkload
{
    private const double MinRatio = 0.30;

    private const double MaxKilobytesPerStep = 16;

    /// <summary>Measures the steps.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var step = new CnnStep();
        for (var i = 0; i < 3; i++)
        {
            step.Step();
        }

        var stepsPerRep = Math.Max(1L, Measure.Calibrate(() => step.Step(), settings.RepSeconds));
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

        var (limit, figure) = Measure.Interleaved("CNN step", settings, FlopBoundMilliseconds, StepMilliseconds);
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var kilobytes = allocated / 1024.0 / stepsRun;
        const string Name = "Fashion-MNIST CNN f32 B=128 Adam step";
        return
        [
            PerfRecord.Time($"{Name} (limit 3.26 GFLOP at FMA peak 2T)", figure, "ms", limit, MinRatio),
            new PerfRecord($"{Name}: managed allocation", kilobytes, "KB/step", null, null, $"value <= {MaxKilobytesPerStep}", kilobytes <= MaxKilobytesPerStep),
            new PerfRecord($"{Name}: gen-2 GCs over {stepsRun} steps", gen2, "collections", null, null, "value = 0", gen2 == 0),
        ];
    }
}
