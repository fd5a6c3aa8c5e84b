namespace AutoDiff.Bench.Suite;

/// <summary>One optimizer at one learning rate on one problem.</summary>
/// <param name="Problem">The problem's name.</param>
/// <param name="Optimizer">The optimizer's name.</param>
/// <param name="LearningRate">The learning rate.</param>
/// <param name="InitialLoss">The full loss at the start.</param>
/// <param name="FinalLoss">The full loss at the end (NaN if diverged).</param>
/// <param name="BestLoss">The lowest full loss seen.</param>
/// <param name="Diverged">Whether the loss became non-finite or grew past 10⁶ times its start.</param>
/// <param name="Seconds">Wall-clock seconds of the run.</param>
/// <param name="Curve">(step, full loss, seconds) at each evaluation.</param>
public sealed record SuiteRun(string Problem, string Optimizer, double LearningRate, double InitialLoss, double FinalLoss, double BestLoss, bool Diverged, double Seconds, IReadOnlyList<(long Step, double Loss, double Seconds)> Curve)
{
    /// <summary>The first evaluation at or below <paramref name="target"/>: its step and seconds, or null.</summary>
    public (long Step, double Seconds)? Reach(double target)
    {
        foreach (var (step, loss, seconds) in Curve)
        {
            if (loss <= target)
            {
                return (step, seconds);
            }
        }

        return null;
    }
}
