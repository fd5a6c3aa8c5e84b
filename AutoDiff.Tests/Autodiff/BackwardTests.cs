using AutoDiff.Autodiff;

namespace AutoDiff.Tests.Autodiff;

/// <summary>Reverse mode through Tape.Record and Backward: accumulation, ZeroGrad, NoGrad, Detach, shared values.</summary>
public sealed class BackwardTests
{
    [Fact]
    public void Backward_CalledTwiceWithRetainGraph_AccumulatesGradients()
    {
        var x = Leaf(1.5, -2.0);
        using var tape = Tape.Record();
        var y = Ops.Sum(Ops.Mul(x, x));

        y.Backward(retainGraph: true);
        Assert.Equal(new[] { 3.0, -4.0 }, x.Grad!.ToArray());
        y.Backward();
        Assert.Equal(new[] { 6.0, -8.0 }, x.Grad!.ToArray());
    }

    [Fact]
    public void ZeroGrad_BetweenPasses_ClearsAccumulatedGradientInPlace()
    {
        var x = Leaf(1.5, -2.0);
        using var tape = Tape.Record();
        var y = Ops.Sum(Ops.Mul(x, x));
        y.Backward(retainGraph: true);
        var buffer = x.Grad;

        x.ZeroGrad();
        Assert.Equal(new[] { 0.0, 0.0 }, x.Grad!.ToArray());
        Assert.Same(buffer, x.Grad);

        y.Backward();
        Assert.Equal(new[] { 3.0, -4.0 }, x.Grad!.ToArray());
    }

    [Fact]
    public void NoGrad_InsideRecordingTape_RecordsNothing()
    {
        var x = Leaf(2.0);
        using var tape = Tape.Record();
        Tensor y;
        using (Tape.NoGrad())
        {
            Assert.False(Tape.IsRecording);
            y = Ops.Exp(Ops.Mul(x, x));
        }

        Assert.True(Tape.IsRecording);
        Assert.Equal(0, tape.Count);
        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Record_TracksOnlyOperationsOnTrackedTensors()
    {
        var x = Leaf(2.0);
        var c = Tensor.FromArray(new[] { 3.0 });
        using var tape = Tape.Record();

        var constant = Ops.Mul(c, c);
        Assert.Equal(0, tape.Count);
        var y = Ops.Mul(x, constant);
        Assert.Equal(1, tape.Count);
        Assert.True(y.RequiresGrad);
        Assert.False(y.IsLeaf);
    }

    [Fact]
    public void Detach_StopsGradient()
    {
        // d/dx [x · stop(x)] = stop(x), not 2x.
        var x = Leaf(3.0, -1.0);
        using var tape = Tape.Record();
        var y = Ops.Sum(Ops.Mul(x, x.Detach()));
        y.Backward();

        Assert.Equal(new[] { 3.0, -1.0 }, x.Grad!.ToArray());
        Assert.False(x.Detach().RequiresGrad);
        Assert.True(x.Detach().IsLeaf);
    }

    [Fact]
    public void Backward_ValueUsedTwice_GetsSummedGradient()
    {
        // micrograd's test: x·x and x + x both use x twice.
        var x = Leaf(-4.0);
        using var tape = Tape.Record();
        var y = Ops.Add(Ops.Mul(x, x), Ops.Add(x, x));
        y.Backward();

        Assert.Equal((2 * -4.0) + 2, x.Grad!.Item());
    }

    [Fact]
    public void Backward_MicrogradExpression_MatchesHandDerivative()
    {
        // micrograd README: a = -4, b = 2; c = a + b; d = a·b + b³; e = c·d + c; g = e²; dg/da, dg/db by the chain rule.
        var a = Leaf(-4.0);
        var b = Leaf(2.0);
        using var tape = Tape.Record();
        var c = Ops.Add(a, b);
        var d = Ops.Add(Ops.Mul(a, b), Ops.Pow(b, 3));
        var e = Ops.Add(Ops.Mul(c, d), c);
        var g = Ops.Mul(e, e);
        g.Backward();

        // c = -2, d = 0, e = -2, g = 4; dg/de = 2e = -4; de/dc = d + 1 = 1; de/dd = c = -2.
        // dg/da = -4·(1·1 + (-2)·b) = -4·(1 - 4) = 12; dg/db = -4·(1·1 + (-2)·(a + 3b²)) = -4·(1 - 16) = 60.
        Assert.Equal(4.0, g.Item());
        Assert.Equal(12.0, a.Grad!.Item(), 12);
        Assert.Equal(60.0, b.Grad!.Item(), 12);
    }

    [Fact]
    public void Backward_ExplicitCotangent_GivesVectorJacobianProduct()
    {
        var x = Leaf(1.0, 2.0, 3.0);
        using var tape = Tape.Record();
        var y = Ops.Mul(x, x);
        y.Backward(Tensor.FromArray(new[] { 1.0, 0.0, -1.0 }));

        Assert.Equal(new[] { 2.0, 0.0, -6.0 }, x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_UntrackedInput_VjpRuleNotCalledForIt()
    {
        var counting = new CountingProduct();
        var x = Leaf(2.0);
        var c = Tensor.FromArray(new[] { 5.0 });
        using var tape = Tape.Record();
        var y = counting.Apply(x, c);
        y.Backward();

        Assert.Equal(1, counting.VjpCalls[0]);
        Assert.Equal(0, counting.VjpCalls[1]);
        Assert.Equal(5.0, x.Grad!.Item());
    }

    [Fact]
    public void Backward_BranchNotReachingTheRoot_IsNotWalked()
    {
        var counting = new CountingProduct();
        var x = Leaf(2.0);
        using var tape = Tape.Record();
        var unused = counting.Apply(x, x);
        var y = Ops.Mul(x, 3.0);
        y.Backward();

        Assert.Equal(0, counting.VjpCalls[0] + counting.VjpCalls[1]);
        Assert.NotNull(unused);
        Assert.Equal(3.0, x.Grad!.Item());
    }

    [Fact]
    public void Backward_AfterTapeDisposed_ThrowsClearly()
    {
        var x = Leaf(2.0);
        Tensor y;
        using (Tape.Record())
        {
            y = Ops.Mul(x, x);
        }

        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("disposed", ex.Message);
    }

    [Fact]
    public void RequiresGrad_FalseOnRecordedResult_Throws()
    {
        var x = Leaf(2.0);
        using var tape = Tape.Record();
        var y = Ops.Mul(x, x);

        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    private static Tensor Leaf(params double[] values)
    {
        var t = Tensor.FromArray(values);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>z = a·b with a VJP rule that counts its calls per input.</summary>
    private sealed class CountingProduct : Primitive
    {
        public int[] VjpCalls { get; } = new int[2];

        public override string Name => "CountingMul";

        public Tensor Apply(Tensor a, Tensor b)
        {
            Tensor value;
            using (Tape.NoGrad())
            {
                value = Ops.Mul(a.Detach(), b.Detach());
            }

            return Ops.Emit(this, value, a, b);
        }

        public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => throw new NotSupportedException();

        public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        {
            VjpCalls[index]++;
            return Ops.Mul(cotangent, inputs[1 - index]);
        }
    }
}
