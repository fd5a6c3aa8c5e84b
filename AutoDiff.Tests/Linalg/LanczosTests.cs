using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

public sealed class LanczosTests
{
    private static readonly double[] Spectrum = Enumerable.Range(0, 60).Select(i => i < 3 ? -2.0 + i : Math.Pow(1.15, i - 3) * 0.1).ToArray();

    [Fact]
    public void Run_FullDimension_RitzValuesAreTheEigenvalues()
    {
        var op = SpectrumFixture.Operator(Spectrum, seed: 1);
        var result = Lanczos.Run(op, steps: 60, seed: 2);
        var expected = Spectrum.Order().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], result.RitzValues[i], 9);
        }
    }

    [Fact]
    public void Largest_TopThree_ConvergeWithSmallResiduals()
    {
        var op = SpectrumFixture.Operator(Spectrum, seed: 3);
        var top = Lanczos.Largest(op, k: 3, steps: 40);
        var expected = Spectrum.OrderDescending().Take(3).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], top[i].Value, 8);
            Assert.True(top[i].Residual < 1e-6 * expected[0], $"residual {top[i].Residual}");
        }
    }

    [Fact]
    public void Smallest_IndefiniteOperator_FindsTheNegativeEigenvalues()
    {
        var op = SpectrumFixture.Operator(Spectrum, seed: 4);
        var bottom = Lanczos.Smallest(op, k: 2, steps: 45);
        Assert.Equal(-2.0, bottom[0].Value, 7);
        Assert.Equal(-1.0, bottom[1].Value, 7);
    }

    [Fact]
    public void Largest_HessianOfQuadratic_IsTheMatrixSpectrum()
    {
        double[] lambda = [5, 3, 1, 0.5, 0.1, -0.2];
        var a = Tensor.FromArray(SpectrumFixture.WithEigenvalues(lambda, seed: 5), new Shape(6, 6));
        var theta = Tensor.Randn(new Shape(6), seed: 6, DType.Float64);
        var op = new HessianOperator(t => Ops.Mul(Ops.Dot(t, Ops.MatMul(a, t)), 0.5), theta);
        var result = Lanczos.Run(op, steps: 6);
        Assert.Equal(lambda.Order().ToArray(), result.RitzValues.Select(x => Math.Round(x, 10)).ToArray());
        Assert.Equal(6, op.Applications);
    }

    [Fact]
    public void ForParameters_TwoParameterTensors_MatchesFlatHessian()
    {
        var w = Tensor.Randn(new Shape(2, 2), seed: 7, DType.Float64);
        var b = Tensor.Randn(new Shape(2), seed: 8, DType.Float64);
        w.RequiresGrad = true;
        b.RequiresGrad = true;
        var x = Tensor.Randn(new Shape(5, 2), seed: 9, DType.Float64);
        Tensor Loss() => Ops.Mean(Ops.Square(Ops.Tanh(Ops.Add(Ops.MatMul(x, w), b))));
        var op = HessianOperator.ForParameters(Loss, [w, b]);

        Tensor Flat(Tensor theta) => Ops.Mean(Ops.Square(Ops.Tanh(Ops.Add(
            Ops.MatMul(x, Ops.Reshape(Ops.Slice(theta, 0, 0, 4), 2, 2)), Ops.Slice(theta, 0, 4, 2)))));
        var theta = Ops.Concat([Ops.Reshape(w.Detach(), 4), b.Detach()]);
        var h = AD.Hessian(Flat, theta);
        var column = new double[6];
        for (var j = 0; j < 6; j++)
        {
            var e = new double[6];
            e[j] = 1;
            op.Apply(e, column);
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(h[i, j], column[i], 12);
            }
        }

        Assert.Null(w.Grad);
        Assert.Null(w.Tangent);
    }

    [Fact]
    public void Run_StartInInvariantSubspaceWithZeroAlpha_StopsCleanly()
    {
        // Eigenvalues ±1 and 298 zeros; the start vector mixes the ±1 eigenvectors equally, so α₁ = α₂ = 0 and the
        // Krylov space is invariant after two steps. The old test β ≤ 1e-12·|α| compared noise with noise.
        const int n = 300;
        var lambda = Enumerable.Range(0, n).Select(i => i == 0 ? 1.0 : i == 1 ? -1.0 : 0.0).ToArray();
        var op = SpectrumFixture.Rotated(lambda, seed: 31);
        var u = SpectrumFixture.Eigenvector(n, 0, seed: 31);
        var w = SpectrumFixture.Eigenvector(n, 1, seed: 31);
        var start = u.Zip(w, (a, b) => a + b).ToArray();
        var result = Lanczos.Run(op, steps: 50, start: start);
        Assert.Equal(2, result.Steps);
        Assert.True(result.IsInvariant);
        Assert.Equal(-1.0, result.RitzValues[0], 14);
        Assert.Equal(1.0, result.RitzValues[1], 14);
        Assert.Equal(2, result.History.Count);
    }

    [Fact]
    public void Extremes_KnownSpectrumN1000_Top5AndBottom5To1e10WithCertifiedResiduals()
    {
        const int n = 1000;
        var lambda = KnownSpectrum.ManyRepeatsAndZeros(n);
        var op = SpectrumFixture.Rotated(lambda, seed: 32);
        var result = Lanczos.Extremes(op, 5, 5, new LanczosOptions { Seed = 33 });
        Assert.True(result.Converged, $"not converged after {result.Steps} steps; worst residual {result.WorstResidual}");
        Assert.True(result.Steps < 200);
        var scale = lambda.Max(Math.Abs);
        var top = lambda.OrderDescending().Take(5).ToArray();
        var bottom = lambda.Order().Take(5).ToArray();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Math.Abs(result.Largest[i].Value - top[i]) <= 1e-10 * scale, $"top {i}: {result.Largest[i].Value:R}");
            Assert.True(Math.Abs(result.Smallest[i].Value - bottom[i]) <= 1e-10 * scale, $"bottom {i}: {result.Smallest[i].Value:R}");
            Assert.True(result.Largest[i].Residual <= 1e-10 * scale && result.Smallest[i].Residual <= 1e-10 * scale);
        }

        // No spurious copies: each simple eigenvalue appears once among the Ritz values.
        foreach (var value in top.Concat(bottom))
        {
            Assert.Equal(1, result.RitzValues.Count(x => Math.Abs(x - value) <= 1e-6 * scale));
        }

        Assert.Equal(result.Steps, result.History.Count);
        Assert.Equal(result.Largest[0].Value, result.History[^1].LargestRitz, 12);
    }

    [Fact]
    public void Largest_NoStepCount_RunsUntilResidualsAreSmall()
    {
        // The old default of max(20, 4k) steps left the top 3 of this spectrum at ~1e-4 residual.
        const int n = 400;
        var lambda = Enumerable.Range(0, n).Select(i => i < 3 ? 10.0 - i : i % 4 == 0 ? 0.0 : Math.Sin(i) * 6.5).ToArray();
        var op = SpectrumFixture.Rotated(lambda, seed: 34);
        var top = Lanczos.Largest(op, k: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(top[i].Residual <= 1e-10 * 10, $"residual {i}: {top[i].Residual}");
            Assert.Equal(10.0 - i, top[i].Value, 9);
        }
    }

    [Fact]
    public void Extremes_StartIsAnEigenvector_StopsAfterOneStepWithThatPair()
    {
        const int n = 50;
        var lambda = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var op = SpectrumFixture.Rotated(lambda, seed: 35);
        var result = Lanczos.Extremes(op, 1, 0, new LanczosOptions { Start = SpectrumFixture.Eigenvector(n, 7, seed: 35) });
        Assert.Equal(1, result.Steps);
        Assert.True(result.IsInvariant && result.Converged);
        Assert.Equal(7.0, result.Largest[0].Value, 12);
    }

    [Fact]
    public void Extremes_SameSeed_SameBits()
    {
        var op = SpectrumFixture.Rotated(Spectrum, seed: 36);
        var a = Lanczos.Extremes(op, 2, 2, new LanczosOptions { Seed = 9 });
        var b = Lanczos.Extremes(op, 2, 2, new LanczosOptions { Seed = 9 });
        Assert.Equal(a.Largest[0].Value, b.Largest[0].Value);
        Assert.Equal(a.Steps, b.Steps);
    }
}
