using AutoDiff.Bench.Training;
using AutoDiff.Optim;

namespace AutoDiff.Bench.Suite;

/// <summary>
/// The optimizers the suite compares: every first-order optimizer of <see cref="OptimizerCatalog"/> over a
/// learning-rate grid, and the library's closure methods (L-BFGS over a small grid of initial step lengths; Newton-CG
/// and Hessian-free, which set their own step by a trust region or damping, once).
/// </summary>
public static class SuiteOptimizers
{
    /// <summary>The second-order and quasi-Newton methods, which re-evaluate the loss within a step.</summary>
    public static IReadOnlyList<string> ClosureNames { get; } = ["lbfgs", "newton-cg", "hessian-free"];

    /// <summary>Every optimizer name.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. OptimizerCatalog.Names, .. ClosureNames];

    /// <summary>Whether <paramref name="name"/> takes a learning rate (Newton-CG and Hessian-free do not).</summary>
    public static bool HasLearningRate(string name) => name is not ("newton-cg" or "hessian-free");

    /// <summary>The learning rates <paramref name="name"/> is tried at: decades from 10⁻⁶ to 1 (quick: 10⁻⁴ to 1); L-BFGS α ∈ {0.1, 1}; one run for the others.</summary>
    public static double[] Grid(string name, bool quick) => name switch
    {
        "lbfgs" => [0.1, 1],
        "newton-cg" or "hessian-free" => [1],
        _ => quick ? [1e-4, 1e-3, 1e-2, 1e-1, 1] : [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1],
    };

    /// <summary>One step of <paramref name="name"/> on the flat parameter <paramref name="theta"/>: takes the loss closure, returns the loss at the step's start.</summary>
    public static Func<Func<Tensor>, double> Create(string name, Tensor theta, double lr)
    {
        IClosureOptimizer? closure = name switch
        {
            // One iteration per step, so a step of L-BFGS is comparable with one of the first-order methods.
            "lbfgs" => new LBfgs([theta], lr, maxIterations: 1, maxEvaluations: 10, historySize: 20),
            "newton-cg" => new NewtonCg([theta], maxCgIterations: 20),
            "hessian-free" => new HessianFree([theta], maxCgIterations: 20),
            _ => null,
        };
        if (closure is not null)
        {
            return closure.Step;
        }

        var optimizer = OptimizerCatalog.Create(name, [theta], lr);
        return loss =>
        {
            double value;
            using (var tape = Tape.Record())
            {
                var l = loss();
                value = l.Item();
                l.Backward();
            }

            if (double.IsFinite(value))
            {
                optimizer.Step();
            }

            optimizer.ZeroGrad();
            return value;
        };
    }
}
