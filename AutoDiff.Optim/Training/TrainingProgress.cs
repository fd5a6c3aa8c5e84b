namespace AutoDiff.Optim.Training;

/// <summary>
/// A live report of the step just taken, for progress bars: cheap values the step computed anyway, sent at most once
/// per <see cref="TrainerOptions.StepProgressInterval"/>. It is not a curve point: the batch loss is noisy and
/// measured on the batch trained on; the curve is measured on fixed data.
/// </summary>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="TotalSteps">The steps the whole run takes (all epochs, or <see cref="TrainerOptions.MaxSteps"/>).</param>
/// <param name="Epoch">Epoch, fractional inside an epoch (batches done / batches per epoch).</param>
/// <param name="Loss">The mean loss of the step's batch, as computed for its gradient (before the update).</param>
/// <param name="LearningRate">The learning rate of the step.</param>
/// <param name="ExamplesPerSecond">Training examples per second since the previous report (curve evaluations excluded).</param>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double Epoch, double Loss, double LearningRate, double ExamplesPerSecond);
