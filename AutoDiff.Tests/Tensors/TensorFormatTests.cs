namespace AutoDiff.Tests.Tensors;

public sealed class TensorFormatTests
{
    [Fact]
    public void ToString_Matrix_NestedBracketsShapeAndDType()
    {
        var t = Tensor.FromArray(new[] { 1.0, 2.5, -3.0, 4.0 }, new Shape(2, 2));

        Assert.Equal("tensor([[1, 2.5],\n        [-3, 4]], shape=[2, 2], dtype=Float64)", t.ToString());
    }

    [Fact]
    public void ToString_ScalarAndTracking_AreShown()
    {
        var s = Tensor.Scalar(0.5);
        s.RequiresGrad = true;

        Assert.Equal("tensor(0.5, shape=[], dtype=Float32, requires_grad)", s.ToString());
    }

    [Fact]
    public void ToString_LargeTensor_IsSummarised()
    {
        var t = Tensor.Arange(2000);

        var s = t.ToString();

        Assert.StartsWith("tensor([0, 1, 2, ..., 1997, 1998, 1999]", s);
        Assert.True(s.Length < 200, s);
    }
}
