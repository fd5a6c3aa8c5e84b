namespace AutoDiff.Optim.Training;

/// <summary>The outcome of a Fashion-MNIST recipe.</summary>
/// <param name="Result">The training run (its validation columns are the test split).</param>
/// <param name="TestLoss">The final mean test loss.</param>
/// <param name="TestAccuracy">The final test accuracy.</param>
public sealed record FashionMnistRun(TrainingResult Result, double TestLoss, double TestAccuracy);
