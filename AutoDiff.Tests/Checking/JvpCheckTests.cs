using AutoDiff.Checking;

namespace AutoDiff.Tests.Checking;

public sealed class JvpCheckTests
{
    private static readonly Tensor X = Tensor.FromArray(new[] { 0.5, -1.0, 3.0 });
    private static readonly Tensor V = Tensor.FromArray(new[] { 1.0, 2.0, -0.5 });

    [Fact]
    public void Run_CorrectJvpRule_Passes()
    {
        var report = JvpCheck.Run(WrongSquarePrimitive.Apply, X, V);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal("JVP", report.Kind);
        Assert.Equal(3, report.Compared);
    }

    [Fact]
    public void Run_TangentStoppedByDetach_FailsAtWorstElement()
    {
        // f = x·stop(x): forward mode gives x·v = [0.5, -2, -1.5], the finite differences 2x·v; the largest error is at [1].
        var report = JvpCheck.Run(x => Ops.Mul(x, x.Detach()), X, V);

        Assert.False(report.Passed);
        Assert.Equal("[1]", report.WorstLocation);
        Assert.Equal(-2.0, report.Analytic, 12);
        Assert.Equal(-4.0, report.Numeric, 6);
    }
}
