using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

public sealed class EstimatorTests
{
    private static readonly double[] Spectrum = Enumerable.Range(1, 40).Select(i => (double)i / 4).ToArray();

    [Fact]
    public void PowerIteration_SeparatedTopEigenvalue_Converges()
    {
        double[] lambda = [10, 5, 4, 3, 2, 1, -1, -3];
        var pair = PowerIteration.Run(SpectrumFixture.Operator(lambda, seed: 1), maxIterations: 500, tolerance: 1e-14);
        Assert.Equal(10, pair.Value, 9);
        Assert.True(pair.Residual < 1e-5);
    }

    [Fact]
    public void Hutchinson_TraceWithinFourStandardErrors()
    {
        var op = SpectrumFixture.Operator(Spectrum, seed: 2);
        var (trace, se) = TraceEstimator.Hutchinson(op, samples: 200, seed: 3);
        Assert.InRange(Spectrum.Sum(), trace - (4 * se), trace + (4 * se));
        Assert.True(se < 0.1 * Spectrum.Sum());
    }

    [Fact]
    public void SpectralDensity_WeightsSumToOneAndFirstMomentIsTraceOverN()
    {
        var op = SpectrumFixture.Operator(Spectrum, seed: 4);
        var density = SpectralDensity.Estimate(op, steps: 20, probes: 50, seed: 5);
        Assert.Equal(1.0, density.Weights.Sum(), 12);
        var mean = density.Nodes.Zip(density.Weights, (x, w) => x * w).Sum();
        Assert.InRange(mean, Spectrum.Average() - 0.5, Spectrum.Average() + 0.5); // unbiased per probe
        Assert.InRange(density.FractionBelow(5.0), 0.35, 0.65);   // half the eigenvalues lie below 5.0
        Assert.True(density.Evaluate(5, 0.5) > density.Evaluate(20, 0.5));
    }
}
