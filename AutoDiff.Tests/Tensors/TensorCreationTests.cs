namespace AutoDiff.Tests.Tensors;

public sealed class TensorCreationTests
{
    [Fact]
    public void ZerosOnesFull_HaveShapeDTypeAndValues()
    {
        var z = Tensor.Zeros(new Shape(2, 3));
        var o = Tensor.Ones(new Shape(4), DType.Float64);
        var f = Tensor.Full(new Shape(2, 2), -2.5, DType.Float64);

        Assert.Equal(DType.Float32, z.DType);
        Assert.Equal(new Shape(2, 3), z.Shape);
        Assert.All(z.ToArray(), v => Assert.Equal(0.0, v));
        Assert.Equal(DType.Float64, o.DType);
        Assert.All(o.ToArray(), v => Assert.Equal(1.0, v));
        Assert.Equal(new[] { -2.5, -2.5, -2.5, -2.5 }, f.ToArray());
    }

    [Fact]
    public void Scalar_IsRankZeroWithOneElement()
    {
        var s = Tensor.Scalar(7.0, DType.Float64);

        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.Size);
        Assert.Equal(7.0, s.Item());
    }

    [Fact]
    public void Arange_StartStopStep_LikeTorch()
    {
        Assert.Equal(new[] { 0.0, 1.0, 2.0, 3.0, 4.0 }, Tensor.Arange(5).ToArray());
        Assert.Equal(new[] { 0.0, 0.25, 0.5, 0.75 }, Tensor.Arange(0, 1, 0.25, DType.Float64).ToArray());
        Assert.Equal(new[] { 3.0, 1.0 }, Tensor.Arange(3, 0, -2).ToArray());
        Assert.Equal(0, Tensor.Arange(2, 1).Size);
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, 0));
    }

    [Fact]
    public void FromArray_CopiesValuesWhileWrapSharesThem()
    {
        var values = new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 };
        var copy = Tensor.FromArray(values, new Shape(2, 3));
        var wrapped = Tensor.Wrap(values, new Shape(3, 2));
        values[0] = 100;

        Assert.Equal(1.0, copy[0, 0]);
        Assert.Equal(6.0, copy[1, 2]);
        Assert.Equal(100.0, wrapped[0, 0]);
        Assert.Equal(DType.Float64, copy.DType);
        Assert.Equal(DType.Float32, Tensor.FromArray(new[] { 1f, 2f }).DType);
    }

    [Fact]
    public void FromArray_RectangularArray_IsRowMajor()
    {
        var t = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 }, t.ToArray());
    }

    [Fact]
    public void FromArray_LengthDoesNotFillShape_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, new Shape(2, 2)));

        Assert.Contains("FromArray", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
    }

    [Fact]
    public void Randn_SameSeed_SameBits()
    {
        var a = Tensor.Randn(new Shape(17, 5), 42, DType.Float64).ToArray();
        var b = Tensor.Randn(new Shape(17, 5), 42, DType.Float64).ToArray();

        Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Randn_DifferentSeed_DifferentValues()
    {
        var a = Tensor.Randn(new Shape(64), 42, DType.Float64).ToArray();
        var b = Tensor.Randn(new Shape(64), 43, DType.Float64).ToArray();

        Assert.True(a.Zip(b).Count(p => p.First != p.Second) > 60);
    }

    [Fact]
    public void Rand_SameSeed_SameBitsInRange()
    {
        var a = Tensor.Rand(new Shape(100), 9).ToFloatArray();
        var b = Tensor.Rand(new Shape(100), 9).ToFloatArray();

        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
        Assert.All(a, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void To_Float32_ConvertsAndRoundsValues()
    {
        var d = Tensor.FromArray(new[] { 1.0 / 3.0, -2.0 });

        var f = d.To(DType.Float32);

        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(d.Shape, f.Shape);
        Assert.Equal((double)(1f / 3f), f.GetFlat(0));
        Assert.Equal(-2.0, f.GetFlat(1));
        Assert.Equal(DType.Float64, f.To(DType.Float64).DType);
        Assert.Same(d, d.To(DType.Float64));
    }

    [Fact]
    public void To_OnTrackedTensor_GradientFlowsBackInSourceDType()
    {
        var x = Tensor.FromArray(new[] { 1.5, 2.0 });
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var y = Ops.Sum(Ops.Mul(x.To(DType.Float32), 2.0));
        y.Backward();

        Assert.Equal(DType.Float64, x.Grad!.DType);
        Assert.Equal(new[] { 2.0, 2.0 }, x.Grad!.ToArray());
    }

    [Fact]
    public void Item_NonScalar_ThrowsNamingShape()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(new Shape(2, 3)).Item());

        Assert.Contains("Item", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Equal(4.0, Tensor.Full(new Shape(1, 1), 4.0).Item());
    }

    [Fact]
    public void Indexer_OutOfRange_ThrowsNamingAxisAndShape()
    {
        var t = Tensor.Zeros(new Shape(2, 3));

        var ex = Assert.Throws<IndexOutOfRangeException>(() => t[1, 3]);

        Assert.Contains("axis 1", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Equal(0.0, t[-1, -1]);
    }
}
