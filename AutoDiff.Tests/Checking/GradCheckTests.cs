using AutoDiff.Checking;

namespace AutoDiff.Tests.Checking;

public sealed class GradCheckTests
{
    private static readonly Tensor X = Tensor.FromArray(new[] { 0.5, -1.0, 3.0, 2.0, -0.25, 1.5 }, new Shape(2, 3));

    [Fact]
    public void Run_CorrectFunction_PassesAndReportsEveryElement()
    {
        var report = GradCheck.Run(x => Ops.Sum(Ops.Mul(Ops.Tanh(x), x)), X);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal("gradient", report.Kind);
        Assert.Equal(6, report.Compared);
        Assert.InRange(report.WorstRatio, 0, 1);
        Assert.InRange(report.MaxAbsError, 0, 1e-8);
        Assert.Same(CheckOptions.Default, report.Options);
        Assert.Contains("PASSED", report.ToString());
        Assert.Same(report, report.EnsurePassed());
    }

    [Fact]
    public void Run_WrongVjpRule_FailsAtLargestElementWithBothValues()
    {
        // Analytic 3x versus numeric 2x: the worst error over tolerance is at the largest |x|, X[0, 2] = 3.
        var report = GradCheck.Run(x => Ops.Sum(WrongSquarePrimitive.Apply(x)), X);

        Assert.False(report.Passed);
        Assert.Equal("[0, 2]", report.WorstLocation);
        Assert.Equal(9.0, report.Analytic, 12);
        Assert.Equal(6.0, report.Numeric, 6);
        Assert.Equal(3.0, report.MaxAbsError, 6);
        var ex = Assert.Throws<InvalidOperationException>(() => report.EnsurePassed());
        Assert.Contains("FAILED", ex.Message);
        Assert.Contains("[0, 2]", ex.Message);
    }

    [Fact]
    public void Run_GradientStoppedByDetach_Fails()
    {
        // f = Σ x·stop(x): AD sees x, the finite differences see 2x.
        var report = GradCheck.Run(x => Ops.Sum(Ops.Mul(x, x.Detach())), X);

        Assert.False(report.Passed);
        Assert.Equal("[0, 2]", report.WorstLocation);
    }

    [Fact]
    public void Run_NonScalarFunction_ChecksTheVectorJacobianProduct()
    {
        Assert.True(GradCheck.Run(Ops.Exp, X).Passed);
        Assert.False(GradCheck.Run(WrongSquarePrimitive.Apply, X).Passed);
    }

    [Fact]
    public void Run_SeveralArguments_NamesTheArgumentOfTheWorstElement()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2.0 });
        var b = Tensor.FromArray(new[] { 0.5, 4.0 });

        var report = GradCheck.Run(xs => Ops.Add(Ops.Sum(Ops.Mul(xs[0], xs[0])), Ops.Sum(WrongSquarePrimitive.Apply(xs[1]))), [a, b]);

        Assert.False(report.Passed);
        Assert.Equal(4, report.Compared);
        Assert.Equal("argument 1 [1]", report.WorstLocation);
    }

    [Fact]
    public void Run_Tolerances_AreHonoured()
    {
        // Σx³ with eps = 1e-2: the central-difference error is f‴·eps²/6 = eps² = 1e-4 for every element.
        Tensor Cube(Tensor x) => Ops.Sum(Ops.Pow(x, 3));

        var strict = GradCheck.Run(Cube, X, new CheckOptions(Eps: 1e-2, Atol: 1e-5, Rtol: 0));
        var loose = GradCheck.Run(Cube, X, new CheckOptions(Eps: 1e-2, Atol: 2e-4, Rtol: 0));

        Assert.False(strict.Passed);
        Assert.Equal(1e-4, strict.MaxAbsError, 9);
        Assert.Equal(10.0, strict.WorstRatio, 4);
        Assert.True(loose.Passed, loose.ToString());
        Assert.Equal(0.5, loose.WorstRatio, 4);
    }

    [Fact]
    public void RunFast_CorrectFunction_PassesWithOneValuePerDirection()
    {
        var report = GradCheck.RunFast(x => Ops.Sum(Ops.Mul(Ops.Tanh(x), x)), X, directions: 5);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal("directional gradient", report.Kind);
        Assert.Equal(5, report.Compared);
        Assert.StartsWith("direction ", report.WorstLocation);
    }

    [Fact]
    public void RunFast_WrongVjpRule_Fails()
    {
        var report = GradCheck.RunFast(x => Ops.Sum(WrongSquarePrimitive.Apply(x)), X, directions: 3);

        Assert.False(report.Passed);
        Assert.Equal(report.Numeric * 1.5, report.Analytic, 6);
    }
}
