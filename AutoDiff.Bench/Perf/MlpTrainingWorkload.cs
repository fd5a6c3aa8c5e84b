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

        var m = TrainingStepMeasurement.Run("MLP 784-256-256-10 step", () => step.Step(), step.Flops, stepsPerRep, settings);
        const string Name = "MLP 784-256-256-10 f32 B=128 SGD step";
        return
        [
            PerfRecord.Time($"{Name} (limit 6BP FLOPs at FMA peak 2T)", m.StepMilliseconds, "ms", m.LimitMilliseconds, MinRatio),
            new PerfRecord($"{Name}: managed allocation", m.KilobytesPerStep, "KB/step", null, null, $"value <= {MaxKilobytesPerStep}", m.KilobytesPerStep <= MaxKilobytesPerStep),
            new PerfRecord(
                $"{Name}: gen-2 GCs over {m.StepsRun} steps",
                m.Gen2Collections,
                "collections",
                null,
                null,
                $"value = 0 over >= {Gen2Steps} steps",
                m.StepsRun >= Gen2Steps ? m.Gen2Collections == 0 : null),
        ];
    }
}
