namespace AutoDiff.Bench.Training;

/// <summary>What the live display shows after each step.</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The last epoch.</param>
/// <param name="Step">Steps taken.</param>
/// <param name="TotalSteps">Steps when the last epoch ends.</param>
/// <param name="Loss">The last batch's loss.</param>
/// <param name="Accuracy">The last validation accuracy (NaN before the first evaluation).</param>
/// <param name="LearningRate">The last step's learning rate.</param>
/// <param name="ExamplesPerSecond">Training throughput over the last evaluation interval.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double Accuracy, double LearningRate, double ExamplesPerSecond);
