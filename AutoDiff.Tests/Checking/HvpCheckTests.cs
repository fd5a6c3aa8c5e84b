using AutoDiff.Checking;

namespace AutoDiff.Tests.Checking;

public sealed class HvpCheckTests
{
    private static readonly Tensor X = Tensor.FromArray(new[] { 0.5, -1.0, 3.0, 0.2 });
    private static readonly Tensor V = Tensor.FromArray(new[] { 1.0, 2.0, -0.5, 0.3 });

    [Fact]
    public void Run_SmoothFunction_PassesWithSymmetryReported()
    {
        var report = HvpCheck.Run(x => Ops.Sum(Ops.Mul(Ops.Tanh(x), Ops.Exp(x))), X, V);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal("HVP", report.Kind);
        Assert.Equal(4, report.Compared);
        Assert.InRange(report.SymmetryError, 0, 1e-12);
        Assert.Contains("symmetry", report.ToString());
    }

    [Fact]
    public void Run_TangentStoppedByDetach_Fails()
    {
        // f = Σ x²·stop(x): ∇ = 2x·stop(x), whose tangent is 2v·x, while differences of the gradient give 4x·v.
        var report = HvpCheck.Run(x => Ops.Sum(Ops.Mul(Ops.Mul(x, x), x.Detach())), X, V);

        Assert.False(report.Passed);
        Assert.Equal("[1]", report.WorstLocation); // 2xv = [1, -4, -3, 0.12] against 4xv: the largest error is at [1]
        Assert.Equal(-4.0, report.Analytic, 12);
        Assert.Equal(-8.0, report.Numeric, 5);
    }

    [Fact]
    public void Run_Float32Input_ThrowsNamingDType()
    {
        var ex = Assert.Throws<ArgumentException>(() => HvpCheck.Run(x => Ops.Sum(x), X.To(DType.Float32), V.To(DType.Float32)));

        Assert.Contains("HvpCheck", ex.Message);
        Assert.Contains("Float32", ex.Message);
    }
}
