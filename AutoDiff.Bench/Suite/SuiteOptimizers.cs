using AutoDiff.Bench.Training;
using AutoDiff.Optim;

namespace AutoDiff.Bench.Suite;

/// <summary>The optimizers the suite compares and the learning-rate grid each is tried over.</summary>
public static class SuiteOptimizers
{
    /// <summary>Every optimizer name (first-order ones from <see cref="OptimizerCatalog"/>).</summary>
    public static IReadOnlyList<string> Names => OptimizerCatalog.Names;

    /// <summary>The learning-rate grid: decades from 10⁻⁵ to 1 (quick: every other decade, 10⁻⁴ to 1).</summary>
    public static double[] Grid(bool quick) => quick ? [1e-4, 1e-3, 1e-2, 1e-1, 1] : [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];

    /// <summary>A first-order optimizer over the single flat parameter tensor.</summary>
    public static Optimizer Create(string name, Tensor theta, double lr) => OptimizerCatalog.Create(name, [theta], lr);
}
