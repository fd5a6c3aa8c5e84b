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
}
