using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

public sealed class AdamTests
{
    [Fact]
    public void Step_FirstStep_MovesByLearningRateAgainstTheGradientSign()
    {
        var theta = Tensor.FromArray(new[] { 1.0, -2.0 });
        theta.RequiresGrad = true;
        var adam = new Adam([theta], lr: 0.1);
        theta.Grad = Tensor.FromArray(new[] { 2.0, -0.001 });
        adam.Step();
        // Bias correction makes the first step α·g/(|g| + ε) ≈ α·sign(g).
        Assert.Equal(0.9, theta.GetFlat(0), 6);
        Assert.Equal(-1.9, theta.GetFlat(1), 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_SeveralSteps_MatchesReferenceLoop(bool decoupled)
    {
        const double lr = 0.01, b1 = 0.8, b2 = 0.99, eps = 1e-6, wd = 0.1;
        var theta = Tensor.FromArray(new[] { 0.5f }, new Shape(1));
        theta.RequiresGrad = true;
        var adam = new Adam([theta], lr, b1, b2, eps, wd, decoupled);
        double p = 0.5, m = 0, v = 0;
        double[] grads = [0.3, -0.2, 0.7, 0.1];
        for (var t = 1; t <= grads.Length; t++)
        {
            theta.Grad = Tensor.FromArray(new[] { (float)grads[t - 1] }, new Shape(1));
            adam.Step();
            var g = grads[t - 1];
            if (decoupled)
            {
                p *= 1 - (lr * wd);
            }
            else
            {
                g += wd * p;
            }

            m = (b1 * m) + ((1 - b1) * g);
            v = (b2 * v) + ((1 - b2) * g * g);
            p -= lr * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
            Assert.Equal(p, theta.Item(), 5);
        }
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsSkipped()
    {
        var a = Tensor.FromArray(new[] { 1.0 });
        var b = Tensor.FromArray(new[] { 2.0 });
        var adam = new Adam([a, b]);
        a.Grad = Tensor.FromArray(new[] { 1.0 });
        adam.Step();
        Assert.Equal(2.0, b.Item());
        Assert.NotEqual(1.0, a.Item());
    }
}
