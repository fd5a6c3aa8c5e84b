namespace AutoDiff.Tests.Tensors;

/// <summary>Broadcasting and the shape operations give NumPy's values.</summary>
public sealed class TensorShapeOpsTests
{
    [Fact]
    public void Add_ColumnPlusRow_BroadcastsToOuterSum()
    {
        var col = Tensor.FromArray(new[] { 0.0, 10.0, 20.0 }, new Shape(3, 1));
        var row = Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 }, new Shape(1, 4));

        var sum = col + row;

        Assert.Equal(new Shape(3, 4), sum.Shape);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24 }, sum.ToArray());
    }

    [Fact]
    public void Mul_MatrixTimesVector_BroadcastsAlongLeadingAxis()
    {
        var m = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, new Shape(2, 3));
        var v = Tensor.FromArray(new[] { 1.0, 10, 100 });

        Assert.Equal(new[] { 1.0, 20, 300, 4, 50, 600 }, (m * v).ToArray());
        Assert.Equal(new[] { 3.0, 4, 5, 6, 7, 8 }, (m + Tensor.Scalar(2, DType.Float64)).ToArray());
    }

    [Fact]
    public void Sub_RankThreeAgainstRankOne_Broadcasts()
    {
        var a = Tensor.Arange(0, 8, 1, DType.Float64).Reshape(2, 2, 2);
        var b = Tensor.FromArray(new[] { 1.0, 2.0 });

        var d = a - b;

        Assert.Equal(new Shape(2, 2, 2), d.Shape);
        Assert.Equal(new[] { -1.0, -1, 1, 1, 3, 3, 5, 5 }, d.ToArray());
    }

    [Fact]
    public void Broadcast_Gradient_SumsBackToSourceShape()
    {
        var col = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, new Shape(3, 1));
        var row = Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 }, new Shape(1, 4));

        var (_, grads) = AD.ValueAndGrad(xs => Ops.Sum(Ops.Mul(xs[0], xs[1])), [col, row]);

        Assert.Equal(new Shape(3, 1), grads[0].Shape);
        Assert.Equal(new[] { 10.0, 10.0, 10.0 }, grads[0].ToArray());
        Assert.Equal(new Shape(1, 4), grads[1].Shape);
        Assert.Equal(new[] { 6.0, 6.0, 6.0, 6.0 }, grads[1].ToArray());
    }

    [Fact]
    public void Reshape_InfersMinusOneAndKeepsRowMajorOrder()
    {
        var t = Tensor.Arange(6).Reshape(-1, 2);

        Assert.Equal(new Shape(3, 2), t.Shape);
        Assert.Equal(4.0, t[2, 0]);
    }

    [Fact]
    public void Permute_MovesAxesLikeNumPyTranspose()
    {
        var x = Tensor.Arange(0, 24, 1, DType.Float64).Reshape(2, 3, 4);

        var p = Ops.Permute(x, 2, 0, 1);

        Assert.Equal(new Shape(4, 2, 3), p.Shape);
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 4; k++)
                {
                    Assert.Equal(x[i, j, k], p[k, i, j]);
                }
            }
        }

        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, Tensor.Arange(6).Reshape(2, 3).T.ToArray());
    }

    [Fact]
    public void Slice_TakesARangeAlongAnAxis()
    {
        var x = Tensor.Arange(0, 12, 1, DType.Float64).Reshape(3, 4);

        Assert.Equal(new[] { 1.0, 2, 5, 6, 9, 10 }, Ops.Slice(x, 1, 1, 2).ToArray());
        Assert.Equal(new[] { 8.0, 9, 10, 11 }, Ops.Slice(x, -2, 2, 1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Slice(x, 1, 3, 2));
    }

    [Fact]
    public void Concat_JoinsAlongAxis()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, new Shape(2, 2));
        var b = Tensor.FromArray(new[] { 5.0, 6 }, new Shape(2, 1));

        var c = Ops.Concat([a, b], 1);

        Assert.Equal(new Shape(2, 3), c.Shape);
        Assert.Equal(new[] { 1.0, 2, 5, 3, 4, 6 }, c.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => Ops.Concat([a, b], 0));
        Assert.Contains("[2, 1]", ex.Message);
    }

    [Fact]
    public void Stack_AddsANewAxis()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3 });
        var b = Tensor.FromArray(new[] { 4.0, 5, 6 });

        var rows = Ops.Stack([a, b]);
        var cols = Ops.Stack([a, b], 1);

        Assert.Equal(new Shape(2, 3), rows.Shape);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, rows.ToArray());
        Assert.Equal(new Shape(3, 2), cols.Shape);
        Assert.Equal(new[] { 1.0, 4, 2, 5, 3, 6 }, cols.ToArray());
    }

    [Fact]
    public void Gather_PicksOneEntryPerRow()
    {
        var logits = Tensor.Arange(0, 12, 1, DType.Float64).Reshape(3, 4);

        var picked = Ops.Gather(logits, 1, [3, 0, 2]);

        Assert.Equal(new Shape(3), picked.Shape);
        Assert.Equal(new[] { 3.0, 4, 10 }, picked.ToArray());
        Assert.Equal(new[] { 8.0, 1, 6, 7 }, Ops.Gather(logits, 0, [2, 0, 1, 1]).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Gather(logits, 1, [0, 4, 0]));
    }

    [Fact]
    public void SumMeanMax_OverAxes()
    {
        var x = Tensor.FromArray(new[] { 1.0, 5, 3, 4, 2, 6 }, new Shape(2, 3));

        Assert.Equal(new[] { 5.0, 7, 9 }, x.Sum(0).ToArray());
        Assert.Equal(new[] { 3.0, 4 }, x.Mean(1).ToArray());
        Assert.Equal(new[] { 5.0, 6 }, x.Max(1).ToArray());
        Assert.Equal(21.0, x.Sum().Item());
    }
}
