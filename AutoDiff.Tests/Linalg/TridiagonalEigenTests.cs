using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

public sealed class TridiagonalEigenTests
{
    [Fact]
    public void Solve_SecondDifferenceMatrix_MatchesClosedForm()
    {
        const int n = 25;
        var (values, vectors) = TridiagonalEigen.Solve(Enumerable.Repeat(2.0, n).ToArray(), Enumerable.Repeat(-1.0, n - 1).ToArray());
        for (var k = 1; k <= n; k++)
        {
            Assert.Equal(2 - (2 * Math.Cos(k * Math.PI / (n + 1))), values[k - 1], 12);
        }

        // T·v = λ·v and the vectors are orthonormal.
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var tv = (2 * vectors![(i * n) + j]) - (i > 0 ? vectors[((i - 1) * n) + j] : 0) - (i < n - 1 ? vectors[((i + 1) * n) + j] : 0);
                Assert.Equal(values[j] * vectors[(i * n) + j], tv, 12);
            }

            for (var k = 0; k <= j; k++)
            {
                var dot = Enumerable.Range(0, n).Sum(i => vectors![(i * n) + j] * vectors[(i * n) + k]);
                Assert.Equal(j == k ? 1.0 : 0.0, dot, 12);
            }
        }
    }

    [Fact]
    public void Solve_WrongOffDiagonalLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TridiagonalEigen.Solve(new double[3], new double[3]));
        Assert.Contains("expected 2", ex.Message);
    }

    [Fact]
    public void Solve_TridiagonalOfRepeatedZeroSpectrum_MatchesKnownEigenvalues()
    {
        // The tridiagonal form of Q·diag(λ)·Qᵀ where half of λ are exact zeros and the rest repeat: its
        // off-diagonal decays to rounding noise, the case that made the old solver give up after 60 sweeps.
        const int n = 300;
        var lambda = Enumerable.Range(0, n).Select(i => i < n / 2 ? 0.0 : (i % 3) + 1.0).ToArray();
        var a = SpectrumFixture.WithEigenvalues(lambda, seed: 11);
        var (d, e) = DenseSymmetricEigen.Tridiagonalize(a, n);
        var values = TridiagonalEigen.Solve(d, e, computeVectors: false).Values;
        var sorted = lambda.Order().ToArray();
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(sorted[i] - values[i]) <= 1e-12 * 3, $"eigenvalue {i}: {values[i]} vs {sorted[i]}");
        }
    }
}
