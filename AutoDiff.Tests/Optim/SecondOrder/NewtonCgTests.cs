using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim.SecondOrder;

public sealed class NewtonCgTests
{
    [Fact]
    public void Step_LogisticRegression_GradientBelow1e10WithinFifteenSteps()
    {
        var rng = new Rng(1);
        const int n = 300;
        var x = Tensor.Randn(new Shape(n, 5), rng, dtype: DType.Float64);
        double[] trueW = [1.5, -2, 0.5, 0, 1];
        var y = Tensor.Zeros(new Shape(n, 1), DType.Float64);
        for (var i = 0; i < n; i++)
        {
            var z = 0.3 + Enumerable.Range(0, 5).Sum(j => trueW[j] * x[i, j]);
            y.SetFlat(i, rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0);
        }

        var w = Tensor.Zeros(new Shape(5, 1), DType.Float64);
        var b = Tensor.Zeros(new Shape(1), DType.Float64);
        w.RequiresGrad = true;
        b.RequiresGrad = true;
        Tensor Loss() => Losses.BinaryCrossEntropyWithLogits(Ops.Add(Ops.MatMul(x, w), b), y);
        var optimizer = new NewtonCg([w, b]);
        for (var k = 0; k < 15; k++)
        {
            optimizer.Step(Loss);
        }

        var (_, grads) = AD.ValueAndGrad(ps =>
            Losses.BinaryCrossEntropyWithLogits(Ops.Add(Ops.MatMul(x, ps[0]), ps[1]), y), [w.Detach(), b.Detach()]);
        var norm = Math.Sqrt(grads.Sum(g => g.ToArray().Sum(v => v * v)));
        Assert.True(norm < 1e-10, $"‖∇f‖ = {norm} after {optimizer.StepCount} steps");
        Assert.Equal(15, optimizer.StepCount);
        Assert.Null(w.Grad);
    }

    [Fact]
    public void Step_StartsNearSaddle_FollowsNegativeCurvatureToTheMinimum()
    {
        // f(a, c) = a² − c² + c⁴ has a saddle at 0 and minima at c = ±1/√2 with f = −1/4.
        var theta = Tensor.FromArray([0.0, 0.01], new Shape(2));
        theta.RequiresGrad = true;
        Tensor F()
        {
            var a = Ops.Slice(theta, 0, 0, 1);
            var c = Ops.Slice(theta, 0, 1, 1);
            return Ops.Sum(Ops.Add(Ops.Sub(Ops.Square(a), Ops.Square(c)), Ops.Square(Ops.Square(c))));
        }

        var optimizer = new NewtonCg([theta], initialRadius: 0.5);
        optimizer.Step(F);
        Assert.True(optimizer.LastHitNegativeCurvature);
        for (var k = 0; k < 20; k++)
        {
            optimizer.Step(F);
        }

        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(theta.GetFlat(1)), 9);
        Assert.Equal(-0.25, F().Item(), 12);
    }
}
