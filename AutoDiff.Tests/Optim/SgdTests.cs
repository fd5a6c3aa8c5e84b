using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

public sealed class SgdTests
{
    private static Tensor Param(double value)
    {
        var p = Tensor.Full(new Shape(1), value, DType.Float64);
        p.RequiresGrad = true;
        return p;
    }

    /// <summary>Gradient descent on f(θ) = ½λθ² multiplies θ by (1 − αλ) each step.</summary>
    [Theory]
    [InlineData(0.5, 1.0)]   // αλ = 0.5: monotone decay
    [InlineData(1.5, 1.0)]   // αλ = 1.5: oscillating decay
    [InlineData(2.5, 1.0)]   // αλ = 2.5 > 2: divergence
    public void Step_Quadratic_ScalesByOneMinusAlphaLambda(double alpha, double lambda)
    {
        var theta = Param(1.0);
        var sgd = new Sgd([theta], lr: alpha);
        for (var i = 1; i <= 10; i++)
        {
            sgd.ZeroGrad();
            using (var tape = Tape.Record())
            {
                Ops.Mul(Ops.Square(theta), 0.5 * lambda).Sum().Backward();
            }

            sgd.Step();
            Assert.Equal(Math.Pow(1 - (alpha * lambda), i), theta.Item(), 12);
        }
    }

    [Fact]
    public void Step_MomentumOnConstantGradient_ApproachesTerminalVelocity()
    {
        const double alpha = 0.1, mu = 0.9, g = 2.0;
        var theta = Param(0.0);
        var sgd = new Sgd([theta], lr: alpha, momentum: mu);
        var previous = 0.0;
        var step = 0.0;
        for (var i = 0; i < 300; i++)
        {
            theta.Grad = Tensor.Full(new Shape(1), g, DType.Float64);
            sgd.Step();
            step = previous - theta.Item();
            previous = theta.Item();
        }

        Assert.Equal(alpha * g / (1 - mu), step, 9);
    }

    [Fact]
    public void Step_NesterovWithWeightDecay_MatchesPyTorchRule()
    {
        const double lr = 0.1, mu = 0.9, wd = 0.01;
        var theta = Param(1.0);
        var sgd = new Sgd([theta], lr, momentum: mu, weightDecay: wd, nesterov: true);
        double p = 1.0, b = 0.0;
        double[] grads = [0.5, -0.3, 0.8];
        for (var i = 0; i < grads.Length; i++)
        {
            theta.Grad = Tensor.Full(new Shape(1), grads[i], DType.Float64);
            sgd.Step();
            var g = grads[i] + (wd * p);
            b = i == 0 ? g : (mu * b) + g;
            p -= lr * (g + (mu * b));
            Assert.Equal(p, theta.Item(), 14);
        }
    }

    [Fact]
    public void Constructor_NegativeLearningRate_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([Param(0)], lr: -1));
        Assert.Contains("Sgd: lr = -1", ex.Message);
    }
}
