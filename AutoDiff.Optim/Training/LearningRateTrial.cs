namespace AutoDiff.Optim.Training;

/// <summary>One trial of a learning-rate search.</summary>
/// <param name="LearningRate">The learning rate tried.</param>
/// <param name="MonitorLoss">The monitored loss after the budget (NaN or the last finite value when it diverged).</param>
/// <param name="Result">The trial's training run, diverged or not.</param>
public sealed record LearningRateTrial(double LearningRate, double MonitorLoss, TrainingResult Result)
{
    /// <summary>Whether the trial diverged.</summary>
    public bool Diverged => Result.Diverged;
}
