namespace AutoDiff.Tests.Tensors;

/// <summary>GetFlat and SetFlat: flat row-major element access, with the index checked against the size.</summary>
public sealed class TensorElementAccessTests
{
    [Fact]
    public void GetFlat_InRange_ReadsRowMajor()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], new Shape(2, 3));
        Assert.Equal(4.0, x.GetFlat(3));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void GetFlat_OutOfRange_ThrowsNamingIndexAndSize(int index)
    {
        var x = Tensor.Zeros(new Shape(2, 3));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => x.GetFlat(index));
        Assert.Equal("index", error.ParamName);
        Assert.Contains($"{index}", error.Message);
        Assert.Contains("6 elements", error.Message);
        Assert.Contains("[2, 3]", error.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-1)]
    public void SetFlat_OutOfRange_ThrowsNamingIndexAndSize(int index)
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => x.SetFlat(index, 1.0));
        Assert.Contains($"{index}", error.Message);
        Assert.Contains("6 elements", error.Message);
    }
}
