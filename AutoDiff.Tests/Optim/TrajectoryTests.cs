using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

/// <summary>
/// Every named optimizer's float64 trajectory over a fixed sequence of gradients (37 elements: SIMD body and scalar
/// tail) against torch.optim 2.x's single-tensor formulas written out in <see cref="TorchReference"/>, to 1e-12 relative.
/// </summary>
public sealed class TrajectoryTests
{
    private const int N = 37;
    private const int Steps = 12;

    private static double[] Gradient(int step) => Tensor.Randn(new Shape(N), seed: (ulong)(100 + step), DType.Float64).ToArray();

    private static void Run(Func<Tensor, Optimizer> make, Action<double[], double[], int> reference, bool maximize = false)
    {
        var theta = Tensor.Randn(new Shape(N), seed: 7, DType.Float64);
        theta.RequiresGrad = true;
        var p = theta.ToArray();
        var optimizer = make(theta);
        optimizer.Maximize = maximize;
        for (var t = 1; t <= Steps; t++)
        {
            var g = Gradient(t);
            theta.Grad = Tensor.FromArray(g);
            optimizer.Step();
            reference(p, g, t);
            var actual = theta.ToArray();
            for (var i = 0; i < N; i++)
            {
                var tolerance = 1e-12 * Math.Max(Math.Abs(p[i]), 1e-3);
                Assert.True(Math.Abs(actual[i] - p[i]) <= tolerance, $"step {t}, element {i}: {actual[i]:R} vs PyTorch's {p[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false, false)]
    [InlineData(0.9, 0.0, 0.0, false, false)]
    [InlineData(0.9, 0.0, 0.01, true, false)]
    [InlineData(0.8, 0.3, 0.05, false, false)]
    [InlineData(0.9, 0.0, 0.0, true, true)]
    public void Sgd_Trajectory_MatchesPyTorch(double momentum, double dampening, double wd, bool nesterov, bool maximize)
    {
        var s = new TorchReference.SgdState(N);
        Run(theta => new Sgd([theta], 0.05, momentum, dampening, wd, nesterov),
            (p, g, t) => TorchReference.Sgd(p, g, t, s, 0.05, momentum, dampening, wd, nesterov, maximize), maximize);
    }

    [Theory]
    [InlineData(false, 0.0, 0.0)]
    [InlineData(true, 0.0, 0.0)]
    [InlineData(true, 0.9, 0.01)]
    [InlineData(false, 0.5, 0.0)]
    public void RmsProp_Trajectory_MatchesPyTorch(bool centered, double momentum, double wd)
    {
        var s = new TorchReference.RmsState(N);
        Run(theta => new RmsProp([theta], 0.01, 0.9, 1e-8, wd, momentum, centered),
            (p, g, t) => TorchReference.RmsProp(p, g, s, 0.01, 0.9, 1e-8, wd, momentum, centered));
    }

    [Theory]
    [InlineData(0.0, false, false)]
    [InlineData(0.1, false, false)]
    [InlineData(0.1, true, false)]
    [InlineData(0.0, false, true)]
    [InlineData(0.1, true, true)]
    public void Adam_Trajectory_MatchesPyTorch(double wd, bool decoupled, bool amsgrad)
    {
        var s = new TorchReference.AdamState(N);
        Run(theta => new Adam([theta], 0.01, 0.8, 0.99, 1e-6, wd, decoupled, amsgrad),
            (p, g, t) => TorchReference.Adam(p, g, t, s, 0.01, 0.8, 0.99, 1e-6, wd, decoupled, amsgrad));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AdamW_Defaults_MatchPyTorchWithWeightDecay001(bool amsgrad)
    {
        var s = new TorchReference.AdamState(N);
        Run(theta => new AdamW([theta], amsgrad: amsgrad),
            (p, g, t) => TorchReference.Adam(p, g, t, s, 1e-3, 0.9, 0.999, 1e-8, 0.01, true, amsgrad));
    }

    [Fact]
    public void Adam_BetaOneBelowHalf_UsesTheOtherLerpForm()
    {
        var s = new TorchReference.AdamState(N);
        Run(theta => new Adam([theta], 0.01, 0.3, 0.99),
            (p, g, t) => TorchReference.Adam(p, g, t, s, 0.01, 0.3, 0.99, 1e-8, 0, false, false));
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0.1, 0.01, 0.1)]
    public void Adagrad_Trajectory_MatchesPyTorch(double lrDecay, double wd, double initial)
    {
        var sum = Enumerable.Repeat(initial, N).ToArray();
        Run(theta => new Adagrad([theta], 0.1, lrDecay, wd, initial),
            (p, g, t) => TorchReference.Adagrad(p, g, t, sum, 0.1, lrDecay, wd, 1e-10));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Adamax_Trajectory_MatchesPyTorch(double wd)
    {
        var s = new TorchReference.AdamState(N);
        Run(theta => new Adamax([theta], 0.01, 0.9, 0.99, 1e-8, wd),
            (p, g, t) => TorchReference.Adamax(p, g, t, s, 0.01, 0.9, 0.99, 1e-8, wd));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)]
    [InlineData(0.1, true)]
    public void NAdam_Trajectory_MatchesPyTorch(double wd, bool decoupled)
    {
        var s = new TorchReference.AdamState(N);
        Run(theta => new NAdam([theta], 0.01, 0.9, 0.99, 1e-8, wd, 4e-3, decoupled),
            (p, g, t) => TorchReference.NAdam(p, g, t, s, 0.01, 0.9, 0.99, 1e-8, wd, 4e-3, decoupled));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)]
    [InlineData(0.1, true)]
    public void RAdam_Trajectory_MatchesPyTorchOnBothSidesOfRhoFive(double wd, bool decoupled)
    {
        var s = new TorchReference.AdamState(N);
        Run(theta => new RAdam([theta], 0.01, 0.9, 0.999, 1e-8, wd, decoupled),
            (p, g, t) => TorchReference.RAdam(p, g, t, s, 0.01, 0.9, 0.999, 1e-8, wd, decoupled));
    }
}
