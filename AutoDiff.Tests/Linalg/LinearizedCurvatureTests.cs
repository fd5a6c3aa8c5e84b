using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Tests.Linalg;

/// <summary>
/// Curvature operators that replay a linearisation (the default) against the same operators running full HVPs:
/// equal products and Lanczos results, re-linearisation when the point moves, and release on Dispose.
/// </summary>
public sealed class LinearizedCurvatureTests
{
    private static (Sequential Model, Tensor X, int[] Labels) Problem(bool batchNorm = false)
    {
        var rng = new Rng(21);
        var model = Mlp.Create([6, 8, 8, 3], Activation.Tanh, batchNorm: batchNorm, dtype: DType.Float64, rng: rng.Fork());
        var x = Tensor.Randn(new Shape(10, 6), rng, dtype: DType.Float64);
        var labels = Enumerable.Range(0, 10).Select(_ => rng.NextInt(3)).ToArray();
        return (model, x, labels);
    }

    private static double[] Vector(int n, int seed)
    {
        var rng = new Rng((ulong)seed);
        return Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Theory]
    [InlineData(CurvatureKind.Hessian)]
    [InlineData(CurvatureKind.GaussNewton)]
    public void SubsetOperator_Linearized_EqualsFullHvpsAndLanczosAgrees(CurvatureKind kind)
    {
        var (model, x, labels) = Problem(batchNorm: true);
        using var linearized = kind == CurvatureKind.Hessian ? ModelCurvature.Hessian(model, x, labels, batchSize: 4) : ModelCurvature.GaussNewton(model, x, labels, batchSize: 4);
        var plain = kind == CurvatureKind.Hessian ? ModelCurvature.Hessian(model, x, labels, batchSize: 4) : ModelCurvature.GaussNewton(model, x, labels, batchSize: 4);
        plain.Linearize = false;
        Assert.True(linearized.Linearize);

        var expected = new double[plain.Dimension];
        var actual = new double[plain.Dimension];
        for (var k = 0; k < 3; k++)
        {
            var v = Vector(plain.Dimension, k);
            plain.Apply(v, expected);
            linearized.Apply(v, actual);
            AssertClose(expected, actual);
        }

        var options = new LanczosOptions { Seed = 3 };
        var a = Lanczos.Extremes(plain, 3, 2, options);
        var b = Lanczos.Extremes(linearized, 3, 2, options);
        Assert.Equal(a.Steps, b.Steps);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(a.Largest[i].Value, b.Largest[i].Value, 10);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(a.Smallest[i].Value, b.Smallest[i].Value, 10);
        }
    }

    [Fact]
    public void SubsetOperator_ParametersOrBuffersChange_Relinearizes()
    {
        var (model, x, labels) = Problem(batchNorm: true);
        using var linearized = ModelCurvature.Hessian(model, x, labels, batchSize: 5);
        var plain = ModelCurvature.Hessian(model, x, labels, batchSize: 5);
        plain.Linearize = false;
        var v = Vector(plain.Dimension, 7);
        var expected = new double[plain.Dimension];
        var actual = new double[plain.Dimension];
        linearized.Apply(v, actual);

        // Move a weight in place (an optimizer step), then a running statistic (a forward pass in training mode).
        model.Parameters()[0].AsSpan<double>()[0] += 0.25;
        linearized.Apply(v, actual);
        plain.Apply(v, expected);
        AssertClose(expected, actual);

        model.NamedBuffers().First().Buffer.AsSpan<double>()[0] += 0.5;
        linearized.Apply(v, actual);
        plain.Apply(v, expected);
        AssertClose(expected, actual);
    }

    [Fact]
    public void HessianOperator_Linearized_EqualsFullHvpsAndFollowsTheta()
    {
        var a = Tensor.Randn(new Shape(5, 5), 4, DType.Float64);
        Tensor F(Tensor t) => Ops.Sum(Ops.Softplus(Ops.MatMul(a, Ops.Reshape(Ops.Mul(t, t), 5, 1))));
        var theta = Tensor.Randn(new Shape(5), 5, DType.Float64);
        using var linearized = new HessianOperator(F, theta);
        using var plain = new HessianOperator(F, theta) { Linearize = false };
        Assert.True(linearized.Linearize);

        var expected = new double[5];
        var actual = new double[5];
        for (var k = 0; k < 3; k++)
        {
            var v = Vector(5, 10 + k);
            plain.Apply(v, expected);
            linearized.Apply(v, actual);
            AssertClose(expected, actual);
            theta.AsSpan<double>()[k] += 0.5;
        }
    }

    [Fact]
    public void ForParameters_LinearizedAndPlain_GiveTheSameLanczosPairs()
    {
        var (model, x, labels) = Problem();
        Tensor Loss() => Losses.SoftmaxCrossEntropy(model.Forward(x), labels);
        var linearized = HessianOperator.ForParameters(Loss, model.Parameters());
        var plain = HessianOperator.ForParameters(Loss, model.Parameters(), linearize: false);

        var top = Lanczos.Largest(linearized, 3, seed: 5);
        var reference = Lanczos.Largest(plain, 3, seed: 5);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(reference[i].Value, top[i].Value, 10);
        }

        ((IDisposable)linearized).Dispose();
    }

    [Fact]
    public void Linearization_RetainedBytes_CoverTheRecordedPass()
    {
        var (model, x, labels) = Problem();
        using var linearization = AD.Linearize(() => Losses.SoftmaxCrossEntropy(model.Forward(x), labels), model.Parameters());

        // At least the hidden activations of the batch (10 rows × 8 features × 2 layers, float64) are held.
        Assert.True(linearization.RetainedBytes >= 10 * 8 * 2 * sizeof(double), $"{linearization.RetainedBytes} bytes");
        linearization.Dispose();
        Assert.Equal(0, linearization.RetainedBytes);
    }

    [Fact]
    public void SubsetOperator_OverTheMemoryLimit_TurnsLinearizeOffAndStillApplies()
    {
        var (model, x, labels) = Problem();
        using var op = ModelCurvature.Hessian(model, x, labels, batchSize: 5);
        op.LinearizationMemoryLimit = 1;
        var plain = ModelCurvature.Hessian(model, x, labels, batchSize: 5);
        plain.Linearize = false;
        var v = Vector(op.Dimension, 9);
        var expected = new double[op.Dimension];
        var actual = new double[op.Dimension];

        op.Apply(v, actual);
        plain.Apply(v, expected);

        Assert.False(op.Linearize);
        AssertClose(expected, actual);
    }
}
