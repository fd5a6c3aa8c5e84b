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
        var m = TrainingStepMeasurement.Run("CNN step", () => step.Step(), step.Flops, stepsPerRep, settings);
        const string Name = "Fashion-MNIST CNN f32 B=128 Adam step";
        return
        [
            PerfRecord.Time($"{Name} (limit 3.26 GFLOP at FMA peak 2T)", m.StepMilliseconds, "ms", m.LimitMilliseconds, MinRatio),
            new PerfRecord($"{Name}: managed allocation", m.KilobytesPerStep, "KB/step", null, null, $"value <= {MaxKilobytesPerStep}", m.KilobytesPerStep <= MaxKilobytesPerStep),
            new PerfRecord($"{Name}: gen-2 GCs over {m.StepsRun} steps", m.Gen2Collections, "collections", null, null, "value = 0", m.Gen2Collections == 0),
        ];
    }
}
