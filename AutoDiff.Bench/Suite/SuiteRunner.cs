using System.Diagnostics;

namespace AutoDiff.Bench.Suite;

/// <summary>Runs one optimizer at one learning rate on one problem, recording the full loss as it goes.</summary>
public static class SuiteRunner
{
    /// <summary>Runs until the step budget is spent, the loss diverges or <paramref name="cancellation"/> is signalled.</summary>
    public static SuiteRun Run(SuiteProblem problem, string optimizerName, double lr, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var theta = problem.Initial();
        var initial = Evaluate(problem, theta);
        theta.RequiresGrad = true;
        var step = SuiteOptimizers.Create(optimizerName, theta, lr);
        var curve = new List<(long, double, double)> { (0, initial, 0) };
        var clock = Stopwatch.StartNew();
        var best = initial;
        var last = initial;
        var diverged = false;
        for (long t = 0; t < problem.Steps && !cancellation.IsCancellationRequested; t++)
        {
            var at = t;
            double batchLoss;
            try
            {
                batchLoss = step(() => problem.StepLoss(theta, at));
            }
            catch (ArithmeticException)
            {
                batchLoss = double.NaN;
            }

            if (!double.IsFinite(batchLoss))
            {
                diverged = true;
                break;
            }

            if ((t + 1) % problem.EvaluateEvery == 0 || t + 1 == problem.Steps)
            {
                last = Evaluate(problem, theta);
                curve.Add((t + 1, last, clock.Elapsed.TotalSeconds));
                if (!double.IsFinite(last) || last > 1e6 * Math.Max(Math.Abs(initial), 1e-12))
                {
                    diverged = true;
                    break;
                }

                best = Math.Min(best, last);
            }
        }

        return new SuiteRun(problem.Name, optimizerName, lr, initial, diverged ? double.NaN : last, best, diverged, clock.Elapsed.TotalSeconds, curve);
    }

    private static double Evaluate(SuiteProblem problem, Tensor theta)
    {
        using var scope = BufferScope.Begin();
        return problem.FullLoss(theta).Item();
    }
}
