namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// A transform whose function leaves a <see cref="Tape.Record"/> open (no <c>using</c>): the function's own exception
/// comes out unchanged, a normal return is reported naming the transform, and in both cases the thread is left clean.
/// </summary>
public sealed class TransformUnwindTests
{
    public static TheoryData<string> Transforms => new() { "Grad", "Vjp", "Jvp", "Hvp", "HvpParameters", "Linearize" };

    /// <summary>Runs the named transform on a function that opens a tape it never disposes, then runs <paramref name="body"/>.</summary>
    private static void Run(string transform, Func<Tensor, Tensor> body)
    {
        var x = Tensor.FromArray([1.0, 2.0]);
        Tensor F(Tensor t)
        {
            Tape.Record(); // left open on purpose
            Tape.Record(); // and a second one inside it
            return body(t);
        }

        switch (transform)
        {
            case "Grad":
                AD.Grad(F, x);
                break;
            case "Vjp":
                AD.Vjp(F, x, Tensor.Scalar(1.0, x.DType));
                break;
            case "Jvp":
                AD.Jvp(F, x, Tensor.FromArray([1.0, 0.0]));
                break;
            case "Hvp":
                AD.Hvp(F, x, Tensor.FromArray([1.0, 0.0]));
                break;
            case "HvpParameters":
                AD.Hvp(() => F(x), [x], [Tensor.FromArray([1.0, 0.0])]);
                break;
            default:
                AD.Linearize(() => F(x), [x]).Dispose();
                break;
        }
    }

    private static void AssertThreadClean()
    {
        Assert.Null(Tape.Current);
        Assert.False(Tape.IsRecording);

        var g = AD.Grad(t => Ops.Sum(Ops.Mul(t, t)), Tensor.FromArray([3.0, -1.0]));
        Assert.Equal([6.0, -2.0], g.ToArray());

        var w = Tensor.FromArray([2.0, 5.0]);
        w.RequiresGrad = true;
        using (var tape = Tape.Record())
        {
            Ops.Sum(Ops.Mul(w, w)).Backward();
        }

        Assert.Equal([4.0, 10.0], w.Grad!.ToArray());
        Assert.Null(Tape.Current);
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Transform_FunctionThrowsWithTapeOpen_RethrowsOriginalAndLeavesThreadClean(string transform)
    {
        var ex = Assert.Throws<FormatException>(() => Run(transform, _ => throw new FormatException("the user's own error")));

        Assert.Equal("the user's own error", ex.Message);
        AssertThreadClean();
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Transform_FunctionReturnsWithTapeOpen_ThrowsNamingTransformAndLeavesThreadClean(string transform)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Run(transform, t => Ops.Sum(Ops.Mul(t, t))));

        Assert.StartsWith(transform == "HvpParameters" ? "Hvp:" : transform + ":", ex.Message);
        Assert.Contains("Tape.Record()", ex.Message);
        Assert.Contains("not disposed", ex.Message);
        AssertThreadClean();
    }
}
