using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

public sealed class LBfgsTests
{
    /// <summary>The extended Rosenbrock function Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimum 0 at (1, …, 1).</summary>
    private static Func<Tensor> Rosenbrock(Tensor x, int n)
    {
        return () =>
        {
            var next = Ops.Slice(x, 0, 1, n - 1);
            var head = Ops.Slice(x, 0, 0, n - 1);
            var a = Ops.Sub(next, Ops.Square(head));
            var b = Ops.Sub(1.0, head);
            return Ops.Add(Ops.Mul(Ops.Sum(Ops.Square(a)), 100.0), Ops.Sum(Ops.Square(b)));
        };
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void Step_Rosenbrock_ConvergesTo1e8(int n)
    {
        var x = Tensor.FromArray(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray());
        x.RequiresGrad = true;
        var lbfgs = new LBfgs([x], toleranceGrad: 1e-14, toleranceChange: 1e-16);
        var f = Rosenbrock(x, n);
        for (var k = 0; k < 200 && x.ToArray().Max(v => Math.Abs(v - 1)) > 1e-10; k++)
        {
            lbfgs.Step(f);
        }

        Assert.True(x.ToArray().Max(v => Math.Abs(v - 1)) <= 1e-8, $"max |x − 1| = {x.ToArray().Max(v => Math.Abs(v - 1))} after {lbfgs.StepCount} steps");
    }

    [Fact]
    public void Step_ReturnsTheLossWhereTheStepStarted()
    {
        var x = Tensor.FromArray(new[] { -1.2, 1.0 });
        x.RequiresGrad = true;
        var lbfgs = new LBfgs([x]);
        Assert.Equal(24.2, lbfgs.Step(Rosenbrock(x, 2)), 12);
        Assert.IsAssignableFrom<IClosureOptimizer>(lbfgs);
    }

    [Fact]
    public void Constructor_ParameterListedTwice_Throws()
    {
        var x = Tensor.FromArray(new[] { 1.0 });
        var ex = Assert.Throws<ArgumentException>(() => new LBfgs([x, x]));
        Assert.Contains("listed twice", ex.Message);
    }
}
