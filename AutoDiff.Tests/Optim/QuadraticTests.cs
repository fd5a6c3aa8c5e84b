using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

/// <summary>
/// Gradient descent on f(θ) = ½θᵀAθ with A = Q·diag(λ)·Qᵀ: the iterates are θₖ = (I − αA)ᵏθ₀, so in A's eigenbasis
/// each coordinate is multiplied by 1 − αλᵢ per step: it decays (0 &lt; αλ ≤ 1), oscillates (1 &lt; αλ ≤ 2) or
/// diverges (αλ &gt; 2).
/// </summary>
public sealed class QuadraticTests
{
    private static readonly double s_angle = 0.6;
    private static readonly double[,] s_q = { { Math.Cos(s_angle), -Math.Sin(s_angle) }, { Math.Sin(s_angle), Math.Cos(s_angle) } };

    private static double[,] Matrix(double l1, double l2)
    {
        var a = new double[2, 2];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                a[i, j] = (s_q[i, 0] * l1 * s_q[j, 0]) + (s_q[i, 1] * l2 * s_q[j, 1]);
            }
        }

        return a;
    }

    private static double[] Eigencoordinates(double[] theta) =>
        [(s_q[0, 0] * theta[0]) + (s_q[1, 0] * theta[1]), (s_q[0, 1] * theta[0]) + (s_q[1, 1] * theta[1])];

    [Theory]
    [InlineData(0.5, 0.1)]    // αλ = (0.5, 0.1): both decay monotonically
    [InlineData(1.5, 0.5)]    // 1.5 oscillates and decays
    [InlineData(2.5, 0.5)]    // 2.5 diverges, oscillating
    public void Sgd_Quadratic_EqualsClosedFormAndEachEigendirectionBehaves(double al1, double al2)
    {
        const double alpha = 0.1;
        var a = Matrix(al1 / alpha, al2 / alpha);
        var theta = Tensor.FromArray(new[] { 1.0, -0.5 });
        theta.RequiresGrad = true;
        var c0 = Eigencoordinates(theta.ToArray());
        var sgd = new Sgd([theta], alpha);
        var A = Tensor.FromArray(a);
        var previous = c0;
        for (var k = 1; k <= 12; k++)
        {
            sgd.ZeroGrad();
            using (var tape = Tape.Record())
            {
                Ops.Mul(Ops.Sum(Ops.Mul(theta, Ops.MatMul(A, theta))), 0.5).Backward();
            }

            sgd.Step();
            var c = Eigencoordinates(theta.ToArray());
            double[] factors = [1 - al1, 1 - al2];
            for (var i = 0; i < 2; i++)
            {
                var expected = Math.Pow(factors[i], k) * c0[i];
                Assert.True(Math.Abs(c[i] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"k={k} direction {i}: {c[i]} vs {expected}");
                var al = i == 0 ? al1 : al2;
                if (al <= 1)
                {
                    Assert.True(Math.Abs(c[i]) < Math.Abs(previous[i]) && Math.Sign(c[i]) == Math.Sign(previous[i]));
                }
                else if (al <= 2)
                {
                    Assert.True(Math.Abs(c[i]) <= Math.Abs(previous[i]) && Math.Sign(c[i]) == -Math.Sign(previous[i]));
                }
                else
                {
                    Assert.True(Math.Abs(c[i]) > Math.Abs(previous[i]));
                }
            }

            previous = c;
        }
    }

    [Fact]
    public void Sgd_MomentumOnAPlane_ReachesTerminalVelocity()
    {
        // J(θ) = gᵀθ has the constant gradient g: the velocity p = θₖ₊₁ − θₖ tends to −α/(1 − μ)·∇J.
        const double alpha = 0.05, mu = 0.8;
        double[] g = [1.5, -0.5];
        var theta = Tensor.Zeros(new Shape(2), DType.Float64);
        theta.RequiresGrad = true;
        var sgd = new Sgd([theta], alpha, momentum: mu);
        var previous = theta.ToArray();
        var velocity = new double[2];
        for (var k = 0; k < 200; k++)
        {
            theta.Grad = Tensor.FromArray(g);
            sgd.Step();
            var now = theta.ToArray();
            velocity = [now[0] - previous[0], now[1] - previous[1]];
            previous = now;
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(-alpha / (1 - mu) * g[i], velocity[i], 12);
        }
    }
}
