using AutoDiff.Data;
using AutoDiff.Nn;

namespace AutoDiff.Optim.Training;

/// <summary>
/// A learning-rate grid search: each rate trains a fresh model (same seeds) for a fixed budget of steps and is judged by
/// the loss on the fixed monitoring subset; every trial is reported, diverged ones included.
/// </summary>
public static class LearningRateSearch
{
    /// <summary>The lecture's grid: 1, 0.3, 0.1, 0.03, … down to 1e-4.</summary>
    public static IReadOnlyList<double> DefaultRates { get; } = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001];

    /// <summary>Runs the search.</summary>
    /// <param name="setup">Makes a fresh model and its optimizer for a learning rate (seed them the same way every time).</param>
    /// <param name="train">Makes a fresh training loader (the same seed every time, so trials see the same batches).</param>
    /// <param name="monitor">The fixed monitoring subset.</param>
    /// <param name="steps">The budget of steps per trial.</param>
    /// <param name="rates">The rates to try; <see cref="DefaultRates"/> when null.</param>
    /// <param name="progress">Receives each trial as it finishes.</param>
    /// <returns>Every trial, in the order tried, and the best.</returns>
    public static (IReadOnlyList<LearningRateTrial> Trials, LearningRateTrial? Best) Run(
        Func<double, (Module Model, Optimizer Optimizer)> setup, Func<DataLoader> train, DataLoader monitor, long steps,
        IEnumerable<double>? rates = null, IProgress<LearningRateTrial>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var trials = new List<LearningRateTrial>();
        foreach (var lr in rates ?? DefaultRates)
        {
            var (model, optimizer) = setup(lr);
            var loader = train();
            var epochs = (int)Math.Min(int.MaxValue, (steps + loader.BatchCount - 1) / loader.BatchCount);
            var trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = Math.Max(1, epochs), MaxSteps = steps });
            var result = trainer.Fit(loader, monitor);
            var trial = new LearningRateTrial(lr, result.Diverged ? double.NaN : result.Last.MonitorLoss, result);
            trials.Add(trial);
            progress?.Report(trial);
        }

        var best = trials.Where(t => !t.Diverged && double.IsFinite(t.MonitorLoss)).MinBy(t => t.MonitorLoss);
        return (trials, best);
    }
}
