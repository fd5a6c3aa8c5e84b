using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

public sealed class DenseSymmetricEigenTests
{
    [Fact]
    public void Solve_KnownSpectrumWithRepeatsAndZeros_N1000_EigenvaluesTo1e12()
    {
        const int n = 1000;
        var lambda = KnownSpectrum.ManyRepeatsAndZeros(n);
        var a = SpectrumFixture.WithEigenvalues(lambda, seed: 21);
        var values = DenseSymmetricEigen.Solve(a, n, computeVectors: false).Values;
        var sorted = lambda.Order().ToArray();
        var scale = sorted.Max(Math.Abs);
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(sorted[i] - values[i]) <= 1e-12 * scale, $"eigenvalue {i}: {values[i]:R} vs {sorted[i]:R}");
        }
    }

    [Fact]
    public void Solve_WithVectors_ResidualsAndOrthogonalityAtRoundingLevel()
    {
        const int n = 120;
        var lambda = KnownSpectrum.ManyRepeatsAndZeros(n);
        var a = SpectrumFixture.WithEigenvalues(lambda, seed: 22);
        var (values, vectors) = DenseSymmetricEigen.Solve(a, n);
        var op = new DenseSymmetricOperator(a, n);
        var sorted = lambda.Order().ToArray();
        var u = new double[n];
        for (var j = 0; j < n; j++)
        {
            Assert.Equal(sorted[j], values[j], 12);
            for (var i = 0; i < n; i++)
            {
                u[i] = vectors![(i * n) + j];
            }

            var au = new double[n];
            op.Apply(u, au);
            var residual = Math.Sqrt(au.Select((x, i) => (x - (values[j] * u[i])) * (x - (values[j] * u[i]))).Sum());
            Assert.True(residual < 1e-12 * 8, $"residual {j}: {residual}");
        }

        for (var j = 0; j < n; j += 7)
        {
            for (var k = 0; k <= j; k += 5)
            {
                var dot = Enumerable.Range(0, n).Sum(i => vectors![(i * n) + j] * vectors[(i * n) + k]);
                Assert.Equal(j == k ? 1.0 : 0.0, dot, 12);
            }
        }
    }

    [Fact]
    public void Solve_NotSquare_ThrowsNamingTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => DenseSymmetricEigen.Solve(new double[10], 3));
        Assert.Contains("10 entries for a 3×3", ex.Message);
    }
}
