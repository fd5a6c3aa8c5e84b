namespace AutoDiff.Optim.Training;

/// <summary>How <see cref="Trainer"/> runs.</summary>
public sealed class TrainerOptions
{
    /// <summary>The number of epochs.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Record a curve point every this many steps (0: at the end of each epoch only). Step 0 is always recorded.</summary>
    public int RecordEvery { get; init; }

    /// <summary>The learning rate as a function of the step, set before every step; null keeps the optimizer's.</summary>
    public Schedule? Schedule { get; init; }

    /// <summary>Stop when the loss exceeds this multiple of the first monitored loss (or is NaN or infinite).</summary>
    public double DivergenceFactor { get; init; } = 10;

    /// <summary>Iterate averaging updated after every step (and saved with checkpoints), or null.</summary>
    public Averaging.IterateAverager? Averager { get; init; }

    /// <summary>
    /// A folder for checkpoints (model and its buffers, optimizer, schedule, averager, curve, loader position and the
    /// state of every dropout generator), or null. Besides the epoch ends (<see cref="CheckpointEvery"/>), a
    /// cancelled <see cref="Trainer.Fit"/> writes one at the exact step it stopped before it throws.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Save a checkpoint every this many epochs (with <see cref="CheckpointDirectory"/>).</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>Resume from the checkpoint in <see cref="CheckpointDirectory"/> when there is one.</summary>
    public bool Resume { get; init; }

    /// <summary>Stop once the optimizer has taken this many steps (a fixed budget, e.g. for a learning-rate search); 0: no limit.</summary>
    public long MaxSteps { get; init; }

    /// <summary>Stop after this many epochs in this call, even if <see cref="Epochs"/> is larger (to test resuming); 0: no limit.</summary>
    public int StopAfterEpochs { get; init; }

    /// <summary>
    /// Receives a <see cref="TrainingProgress"/> after the first step of each <see cref="Trainer.Fit"/> call, then at
    /// most once per <see cref="StepProgressInterval"/>, and after the run's last step (for live progress bars; the
    /// curve still comes through <see cref="Trainer.Fit"/>'s progress). Called on the training thread; null: none.
    /// </summary>
    public IProgress<TrainingProgress>? StepProgress { get; init; }

    /// <summary>The least time between two <see cref="StepProgress"/> reports (100 ms by default; zero: every step).</summary>
    public TimeSpan StepProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
