namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// Scopes cannot corrupt a thread's state: disposing one twice is harmless, disposing out of order throws a clear
/// error and changes nothing, a graph walked once cannot silently double gradients, and a gradient replaced by an
/// operation's result survives the tape.
/// </summary>
public sealed class ScopeTests
{
    [Fact]
    public void NoGrad_DisposedTwice_LaterTapesStillRecord()
    {
        var scope = Tape.NoGrad();
        scope.Dispose();
        scope.Dispose();

        var x = Leaf(2.0);
        using var tape = Tape.Record();
        Assert.True(Tape.IsRecording);
        var y = Ops.Mul(x, x);
        Assert.Equal(1, tape.Count);
        y.Backward();
        Assert.Equal(4.0, x.Grad!.Item());
    }

    [Fact]
    public void NoGrad_DisposedTwice_LaterNoGradStillBlocksRecording()
    {
        var first = Tape.NoGrad();
        first.Dispose();
        using var tape = Tape.Record();
        using (Tape.NoGrad())
        {
            first.Dispose(); // a stale handle must not end the scope that is open now
            Assert.False(Tape.IsRecording);
        }

        Assert.True(Tape.IsRecording);
    }

    [Fact]
    public void NoGrad_DisposedOutOfOrder_ThrowsAndKeepsState()
    {
        using var tape = Tape.Record();
        var outer = Tape.NoGrad();
        var inner = Tape.NoGrad();

        var ex = Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.Contains("NoGrad", ex.Message);
        Assert.Contains("reverse order", ex.Message);
        Assert.False(Tape.IsRecording);

        inner.Dispose();
        Assert.False(Tape.IsRecording);
        outer.Dispose();
        Assert.True(Tape.IsRecording);
    }

    [Fact]
    public void AnomalyDetect_DisposedTwice_FreshDetectIsOn()
    {
        var scope = Anomaly.Detect();
        scope.Dispose();
        scope.Dispose();
        Assert.False(Anomaly.Enabled);

        using (Anomaly.Detect())
        {
            Assert.True(Anomaly.Enabled);
            Assert.Throws<ArithmeticException>(() => Ops.Log(Tensor.FromArray(new[] { -1.0 })));
        }

        Assert.False(Anomaly.Enabled);
    }

    [Fact]
    public void AnomalyDetect_DisposedOutOfOrder_ThrowsAndKeepsState()
    {
        var outer = Anomaly.Detect();
        var inner = Anomaly.Detect();

        var ex = Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.Contains("Anomaly", ex.Message);
        Assert.True(Anomaly.Enabled);

        inner.Dispose();
        Assert.True(Anomaly.Enabled);
        outer.Dispose();
        Assert.False(Anomaly.Enabled);
    }

    [Fact]
    public void Backward_TwiceOnTheSameGraph_Throws()
    {
        var x = Leaf(1.5);
        using var tape = Tape.Record();
        var y = Ops.Mul(x, x);
        y.Backward();

        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", ex.Message);
        Assert.Equal(3.0, x.Grad!.Item()); // not doubled
    }

    [Fact]
    public void Backward_RetainGraph_SecondPassAccumulates()
    {
        var x = Leaf(1.5);
        using var tape = Tape.Record();
        var y = Ops.Mul(x, x);
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(6.0, x.Grad!.Item());
    }

    [Fact]
    public void Grad_AssignedAnOperationResult_SurvivesTheTape()
    {
        // Clipping the natural way: p.Grad = p.Grad · s inside the step's tape, then the next step accumulates into it.
        var p = Leaf(3.0);
        for (var step = 0; step < 2; step++)
        {
            using var tape = Tape.Record();
            Ops.Mul(p, p).Backward();
            p.Grad = Ops.Mul(p.Grad!, 0.5);
        }

        Assert.Equal(((6.0 * 0.5) + 6.0) * 0.5, p.Grad!.Item());
    }

    [Fact]
    public void Grad_AssignedWrongShape_ThrowsNamingBothShapes()
    {
        var p = Leaf(1.0, 2.0);
        var ex = Assert.Throws<ArgumentException>(() => p.Grad = Tensor.Zeros(new Shape(3), DType.Float64));
        Assert.Contains("[2]", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    private static Tensor Leaf(params double[] values)
    {
        var t = Tensor.FromArray(values);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void Transforms_FunctionThrows_LeaveNoLevelOpenAndTheNextTransformWorks()
    {
        var x = Tensor.FromArray([1.0, 2.0]);
        Tensor Boom(Tensor _) => throw new InvalidOperationException("boom");
        Assert.Throws<InvalidOperationException>(() => AD.Grad(Boom, x));
        Assert.Throws<InvalidOperationException>(() => AD.Jvp(Boom, x, x));
        Assert.Throws<InvalidOperationException>(() => AD.Hvp(Boom, x, x));
        Assert.Throws<InvalidOperationException>(() => AD.Hvp(() => Boom(x), [x], [x]));
        Assert.Throws<InvalidOperationException>(() => AD.Hessian(t => Ops.Sum(AD.Jvp(Boom, t, t).Tangent), x));
        Assert.Throws<InvalidOperationException>(() => AD.Grad(t => { using var inner = Tape.Record(); return Boom(t); }, x));
        Assert.False(Tape.IsRecording);
        Assert.Null(Tape.Current);
        Assert.Null(x.AutodiffState);

        Assert.Equal([2.0, 4.0], AD.Grad(t => Ops.Sum(Ops.Mul(t, t)), x).ToArray());
        var w = Tensor.FromArray([3.0]);
        w.RequiresGrad = true;
        using var tape = Tape.Record();
        Assert.Throws<InvalidOperationException>(() => AD.Grad(Boom, w));
        Ops.Sum(Ops.Mul(w, w)).Backward();
        Assert.Equal(6.0, w.Grad!.Item());
    }
}
