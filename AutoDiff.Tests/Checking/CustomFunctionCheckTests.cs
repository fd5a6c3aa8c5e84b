using AutoDiff.Checking;

namespace AutoDiff.Tests.Checking;

/// <summary>
/// GradCheck, JvpCheck and HvpCheck catch a user-defined function's wrong rule and name the input it is wrong for.
/// The function is f(a, b) = a·eᵇ, with rules that are right for a and wrong for b.
/// </summary>
public sealed class CustomFunctionCheckTests
{
    // Right rule for input 0 (ȧ·eᵇ); wrong for input 1 (ḃ·a·eᵇ·2 instead of ḃ·a·eᵇ).
    private static readonly CustomFunction WrongJvp = new("AExpB",
        forward: xs => Ops.Mul(xs[0], Ops.Exp(xs[1])),
        jvp: (xs, y, d) =>
        {
            var ta = d[0] is { } da ? Ops.Mul(da, Ops.Exp(xs[1])) : null;
            var tb = d[1] is { } db ? Ops.Mul(Ops.Mul(y, 2.0), db) : null;
            return ta is null ? tb : tb is null ? ta : Ops.Add(ta, tb);
        });

    // Right first derivatives, wrong second derivative in b: the VJP for b uses a constant eᵇ computed without a rule.
    private static readonly CustomFunction WrongCurvature = new("AExpBFrozen",
        forward: xs => Ops.Mul(xs[0], Ops.Exp(xs[1])),
        vjp: (xs, y, g, index) => index == 0
            ? Ops.Mul(g, Ops.Exp(xs[1]))
            : Ops.Mul(Ops.Mul(g, xs[0]), Frozen(Ops.Exp(xs[1]))));

    private static Tensor Frozen(Tensor t) => t.Detach().Clone();

    private static readonly Tensor A = Tensor.FromArray([0.5, -1.5, 2.0]);
    private static readonly Tensor B = Tensor.FromArray([0.2, -0.3, 0.7]);
    private static readonly Tensor VA = Tensor.FromArray([1.0, 0.5, -1.0]);
    private static readonly Tensor VB = Tensor.FromArray([-0.5, 1.0, 0.25]);

    [Fact]
    public void GradCheck_WrongRuleForSecondInput_FailsNamingArgument1()
    {
        var report = GradCheck.Run(xs => WrongJvp.Invoke(xs[0], xs[1]), [A, B]);

        Assert.False(report.Passed);
        Assert.StartsWith("argument 1", report.WorstLocation);
    }

    [Fact]
    public void JvpCheck_WrongRuleForSecondInput_FailsNamingArgument1()
    {
        var report = JvpCheck.Run(xs => WrongJvp.Invoke(xs[0], xs[1]), [A, B], [VA, VB]);

        Assert.False(report.Passed);
        Assert.StartsWith("argument 1", report.WorstLocation);
        Assert.Contains("argument 1", report.ToString());
    }

    [Fact]
    public void HvpCheck_WrongCurvatureForSecondInput_FailsNamingArgument1()
    {
        Tensor F(Tensor[] xs) => Ops.Sum(WrongCurvature.Invoke(xs[0], xs[1]));

        Assert.True(GradCheck.Run(F, [A, B]).Passed); // first derivatives are right
        var report = HvpCheck.Run(F, [A, B], [VA, VB]);

        Assert.False(report.Passed);
        Assert.StartsWith("argument 1", report.WorstLocation);
    }

    [Fact]
    public void Checks_RightRules_Pass()
    {
        var right = new CustomFunction("AExpBRight",
            forward: xs => Ops.Mul(xs[0], Ops.Exp(xs[1])),
            jvp: (xs, y, d) =>
            {
                var ta = d[0] is { } da ? Ops.Mul(da, Ops.Exp(xs[1])) : null;
                var tb = d[1] is { } db ? Ops.Mul(y, db) : null;
                return ta is null ? tb : tb is null ? ta : Ops.Add(ta, tb);
            });
        Tensor F(Tensor[] xs) => Ops.Sum(right.Invoke(xs[0], xs[1]));

        Assert.True(GradCheck.Run(xs => right.Invoke(xs[0], xs[1]), [A, B]).Passed);
        Assert.True(JvpCheck.Run(xs => right.Invoke(xs[0], xs[1]), [A, B], [VA, VB]).Passed);
        Assert.True(HvpCheck.Run(F, [A, B], [VA, VB]).Passed);
    }
}
