using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

public sealed class OptimizerTests
{
    [Fact]
    public void Constructor_ParameterListedTwice_ThrowsNamingTheIndices()
    {
        var p = Tensor.Zeros(new Shape(3), DType.Float64);
        p.RequiresGrad = true;
        var q = Tensor.Zeros(new Shape(2), DType.Float64);
        var ex = Assert.Throws<ArgumentException>(() => new Sgd([p, q, p], lr: 0.1));
        Assert.Contains("listed twice", ex.Message);
        Assert.Contains("0 and 2", ex.Message);
    }
}
