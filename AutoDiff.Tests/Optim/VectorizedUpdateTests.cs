using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

/// <summary>
/// The optimizers' SIMD loops apply exactly the scalar update to every element: over an odd length (vector body
/// and scalar tail) the result is bit-identical to a plain per-element loop of PyTorch's rule.
/// </summary>
public sealed class VectorizedUpdateTests
{
    private const int Length = 37;

    [Theory]
    [InlineData(0.0, 0.0, false)]
    [InlineData(0.9, 0.01, false)]
    [InlineData(0.9, 0.01, true)]
    public void Sgd_OddLength_BitIdenticalToScalarRule(double momentum, double weightDecay, bool nesterov)
    {
        const double lr = 0.05;
        var theta = Tensor.Randn(new Shape(Length), seed: 1, DType.Float64);
        var p = theta.ToArray();
        var b = new double[Length];
        var sgd = new Sgd([theta], lr, momentum, weightDecay: weightDecay, nesterov: nesterov);
        for (var step = 0; step < 4; step++)
        {
            var grad = Tensor.Randn(new Shape(Length), seed: (ulong)(10 + step), DType.Float64);
            theta.Grad = grad;
            sgd.Step();
            for (var i = 0; i < Length; i++)
            {
                var g = grad.GetFlat(i) + (weightDecay * p[i]);
                if (momentum != 0)
                {
                    b[i] = step == 0 ? g : (momentum * b[i]) + (1.0 * g);
                    g = nesterov ? g + (momentum * b[i]) : b[i];
                }

                p[i] -= lr * g;
            }

            Assert.Equal(p, theta.ToArray());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Adam_OddLengthFloat32_BitIdenticalToScalarRule(bool decoupled)
    {
        const double lr = 0.01, beta1 = 0.8, beta2 = 0.99, eps = 1e-6, wd = 0.1;
        var theta = Tensor.Randn(new Shape(Length), seed: 2, DType.Float32);
        var p = theta.ToFloatArray();
        var m = new float[Length];
        var v = new float[Length];
        var adam = new Adam([theta], lr, beta1, beta2, eps, wd, decoupled);
        for (var t = 1; t <= 4; t++)
        {
            var grad = Tensor.Randn(new Shape(Length), seed: (ulong)(20 + t), DType.Float32);
            theta.Grad = grad;
            adam.Step();
            float b1 = (float)beta1, b2 = (float)beta2;
            var stepSize = (float)(lr / (1 - Math.Pow(beta1, t)));
            var correction2 = (float)Math.Sqrt(1 - Math.Pow(beta2, t));
            var shrink = 1f - (float)(lr * wd);
            for (var i = 0; i < Length; i++)
            {
                var g = grad.ToFloatArray()[i];
                if (decoupled)
                {
                    p[i] *= shrink;
                }
                else
                {
                    g += (float)wd * p[i];
                }

                m[i] = (b1 * m[i]) + ((1f - b1) * g);
                v[i] = (b2 * v[i]) + ((1f - b2) * g * g);
                p[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / correction2) + (float)eps);
            }

            Assert.Equal(p, theta.ToFloatArray());
        }
    }
}
