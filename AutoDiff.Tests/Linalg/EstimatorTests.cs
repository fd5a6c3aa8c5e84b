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

    [Fact]
    public void Hutchinson_KnownSpectrumN1000_WithinThreeStandardErrors()
    {
        var lambda = KnownSpectrum.ManyRepeatsAndZeros(1000);
        var (trace, se) = TraceEstimator.Hutchinson(SpectrumFixture.Rotated(lambda, seed: 6), samples: 100, seed: 7);
        Assert.InRange(lambda.Sum(), trace - (3 * se), trace + (3 * se));
    }

    [Fact]
    public void SpectralDensity_IntegratesToOneAndMatchesHistogramOfDenseEigenvalues()
    {
        const int n = 400;
        var rng = new Rng(8);
        var lambda = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 0.0 : i % 3 == 1 ? rng.Uniform(1, 3) : rng.Uniform(-2, 0.5)).ToArray();
        var a = SpectrumFixture.WithEigenvalues(lambda, seed: 9);
        var op = new DenseSymmetricOperator(a, n);
        var exact = op.Eigen(computeVectors: false).Values;
        var density = SpectralDensity.Estimate(op, steps: 40, probes: 30, seed: 10);

        var (grid, values) = density.Grid(points: 2001, sigma: 0.05);
        var integral = 0.0;
        for (var i = 1; i < grid.Length; i++)
        {
            integral += 0.5 * (values[i] + values[i - 1]) * (grid[i] - grid[i - 1]);
        }

        Assert.Equal(1.0, integral, 3);

        // Histogram bins of width 0.5 (the zeros mid-bin): the SLQ mass in each bin against the exact fraction of eigenvalues.
        for (var lo = -2.25; lo < 3.25; lo += 0.5)
        {
            var expected = exact.Count(x => x >= lo - 1e-9 && x < lo + 0.5 - 1e-9) / (double)n;
            var estimated = density.FractionBelow(lo + 0.5 - 1e-9) - density.FractionBelow(lo - 1e-9);
            Assert.True(Math.Abs(expected - estimated) < 0.06, $"bin [{lo}, {lo + 0.5}): {estimated:F3} vs {expected:F3}");
        }
    }
}
