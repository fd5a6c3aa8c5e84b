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

    [Fact]
    public void ParameterGroups_NoDecayOnBiases_AndAScaledLearningRate()
    {
        var w = Tensor.Ones(new Shape(2, 2), DType.Float64);
        var b = Tensor.Ones(new Shape(2), DType.Float64);
        var groups = ParameterGroup.NoDecayOnBiasesAndNorms([w, b]);
        groups[1].LearningRateScale = 2;
        var sgd = new Sgd(groups, lr: 0.1, weightDecay: 0.5);
        w.Grad = Tensor.Zeros(w.Shape, DType.Float64);
        b.Grad = Tensor.Full(b.Shape, 1.0, DType.Float64);
        sgd.Step();
        Assert.All(w.ToArray(), v => Assert.Equal(1 - (0.1 * 0.5), v));   // decayed, no gradient
        Assert.All(b.ToArray(), v => Assert.Equal(1 - (0.2 * 1.0), v));   // not decayed, twice the rate
    }

    [Fact]
    public void Maximize_AscendsTheGradient()
    {
        var p = Tensor.Zeros(new Shape(3), DType.Float64);
        var adam = new Adam([p], lr: 0.1, maximize: true);
        p.Grad = Tensor.Full(p.Shape, 2.0, DType.Float64);
        adam.Step();
        Assert.All(p.ToArray(), v => Assert.True(v > 0.09));
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsSkippedAndItsStepDoesNotAdvance()
    {
        var a = Tensor.FromArray(new[] { 1.0 });
        var b = Tensor.FromArray(new[] { 2.0 });
        var adam = new Adam([a, b]);
        a.Grad = Tensor.FromArray(new[] { 1.0 });
        adam.Step();
        Assert.Equal(2.0, b.Item());
        Assert.Equal(1, adam.ParameterStep(0));
        Assert.Equal(0, adam.ParameterStep(1));
    }

    [Fact]
    public void Grad_OfAnotherShape_ThrowsNamingBoth()
    {
        // A wrong-shaped gradient is rejected where it is assigned, before any optimizer can step with it.
        var a = Tensor.Zeros(new Shape(3), DType.Float64);
        var ex = Assert.Throws<ArgumentException>(() => a.Grad = Tensor.Zeros(new Shape(2), DType.Float64));
        Assert.Contains("[2]", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }
}
