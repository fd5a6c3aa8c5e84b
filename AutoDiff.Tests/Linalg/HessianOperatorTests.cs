using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

public sealed class HessianOperatorTests
{
    [Fact]
    public void Apply_Repeated_AllocatesFarLessThanOneVector()
    {
        const int n = 20_000;
        var theta = Tensor.Randn(new Shape(n), seed: 1, DType.Float64);
        var c = Tensor.Rand(new Shape(n), seed: 2, DType.Float64);
        var op = new HessianOperator(t => Ops.Sum(Ops.Mul(c, Ops.Mul(Ops.Mul(t, t), t))), theta);
        var v = Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray();
        var hv = new double[n];
        op.Apply(v, hv);
        op.Apply(v, hv);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            op.Apply(v, hv);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 5;
        Assert.True(perCall < n * sizeof(double) / 4, $"{perCall} bytes per application for a {n * sizeof(double)}-byte vector");

        // H = diag(6·c·θ).
        for (var i = 0; i < n; i += 997)
        {
            Assert.Equal(6 * c.GetFlat(i) * theta.GetFlat(i) * v[i], hv[i], 12);
        }
    }

    [Fact]
    public void Apply_Float32Theta_MatchesFloat64ToSinglePrecision()
    {
        var theta64 = Tensor.Randn(new Shape(7), seed: 3, DType.Float64);
        Tensor F(Tensor t) => Ops.Sum(Ops.Tanh(Ops.Mul(t, t)));
        var op64 = new HessianOperator(F, theta64);
        var op32 = new HessianOperator(F, theta64.To(DType.Float32));
        var v = Enumerable.Range(0, 7).Select(i => 1.0 / (i + 1)).ToArray();
        var a = new double[7];
        var b = new double[7];
        op64.Apply(v, a);
        op32.Apply(v, b);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(a[i], b[i], 4);
        }
    }

    [Fact]
    public void DenseSymmetricOperator_Float32Asymmetry_RejectedUnlessSymmetrized()
    {
        var a = SpectrumFixture.WithEigenvalues([3, 2, 1, -1], seed: 4);
        a[1] += 3e-8;
        var ex = Assert.Throws<ArgumentException>(() => new DenseSymmetricOperator(a, 4));
        Assert.Contains("symmetrize: true", ex.Message);
        var op = new DenseSymmetricOperator(a, 4, symmetrize: true);
        Assert.InRange(op.Asymmetry, 1e-9, 1e-7);
        var m = op.ToArray();
        Assert.Equal(m[1], m[4]);
        Assert.Equal(3.0, op.Eigen(computeVectors: false).Values[^1], 6);
    }

    [Fact]
    public void PowerIteration_StartVectorAndHistory_ResidualDecreasesToTolerance()
    {
        double[] lambda = [10, 5, 4, 3, 2, 1, -1, -3];
        var op = SpectrumFixture.Operator(lambda, seed: 5);
        var result = PowerIteration.Iterate(op, new PowerIterationOptions { Start = Enumerable.Repeat(1.0, 8).ToArray(), Tolerance = 1e-12 });
        Assert.True(result.Converged);
        Assert.Equal(result.Iterations, result.History.Count);
        Assert.True(result.Pair.Residual <= 1e-12 * 10);
        Assert.Equal(10.0, result.Pair.Value, 12);
        Assert.True(result.History[^1].Residual < result.History[0].Residual);

        // From an eigenvector: one iteration.
        var exact = PowerIteration.Iterate(op, new PowerIterationOptions { Start = SpectrumFixture.Eigenvector(8, 0, seed: 5) });
        Assert.Equal(1, exact.Iterations);
    }
}
