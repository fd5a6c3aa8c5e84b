using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>The <see cref="Mlp"/> builder: layer order for every option, widths, dtypes, activations and validation.</summary>
public class MlpTests
{
    [Fact]
    public void Create_NoOptions_LinearActivationPairs_NoActivationAfterLastLinear()
    {
        var model = Mlp.Create([5, 7, 6, 3], Activation.Tanh, rng: new Rng(1));
        Assert.Equal([typeof(Linear), typeof(Tanh), typeof(Linear), typeof(Tanh), typeof(Linear)], Types(model));
        var linears = model.NamedChildren().Select(c => c.Module).OfType<Linear>().ToArray();
        Assert.Equal([(5, 7), (7, 6), (6, 3)], linears.Select(l => (l.InFeatures, l.OutFeatures)).ToArray());
        Assert.All(linears, l => Assert.True(l.HasBias));
        Assert.Empty(model.NamedBuffers());
        Assert.Equal(new Shape(4, 3), model.Forward(Tensor.Randn(new Shape(4, 5), new Rng(2))).Shape);
    }

    [Fact]
    public void Create_BatchNormAndDropout_LinearBatchNormActivationDropoutPerHiddenLayer()
    {
        var model = Mlp.Create([4, 8, 6, 2], Activation.GELU, batchNorm: true, dropout: 0.25, rng: new Rng(1));
        Assert.Equal(
            [typeof(Linear), typeof(BatchNorm1d), typeof(GELU), typeof(Dropout),
             typeof(Linear), typeof(BatchNorm1d), typeof(GELU), typeof(Dropout), typeof(Linear)],
            Types(model));
        Assert.Equal([8, 6], model.NamedChildren().Select(c => c.Module).OfType<BatchNorm1d>().Select(b => b.NumFeatures).ToArray());
        Assert.All(model.NamedChildren().Select(c => c.Module).OfType<Dropout>(), d => Assert.Equal(0.25, d.P));
        Assert.Equal(
            ["1.running_mean", "1.running_var", "1.num_batches_tracked", "5.running_mean", "5.running_var", "5.num_batches_tracked"],
            model.NamedBuffers().Select(b => b.Name).ToArray());
    }

    [Fact]
    public void Create_OnlyBatchNorm_OnlyDropout_AddOnlyTheirLayers()
    {
        Assert.Equal(
            [typeof(Linear), typeof(BatchNorm1d), typeof(ReLU), typeof(Linear)],
            Types(Mlp.Create([3, 4, 2], batchNorm: true, rng: new Rng(1))));
        Assert.Equal(
            [typeof(Linear), typeof(ReLU), typeof(Dropout), typeof(Linear)],
            Types(Mlp.Create([3, 4, 2], dropout: 0.5, rng: new Rng(1))));
    }

    [Fact]
    public void Create_TwoSizes_IsASingleLinearEvenWithOptions()
    {
        var model = Mlp.Create([4, 2], batchNorm: true, dropout: 0.5, rng: new Rng(1));
        Assert.Equal([typeof(Linear)], Types(model));
    }

    [Theory]
    [InlineData(Activation.ReLU, typeof(ReLU))]
    [InlineData(Activation.LeakyReLU, typeof(LeakyReLU))]
    [InlineData(Activation.Tanh, typeof(Tanh))]
    [InlineData(Activation.Sigmoid, typeof(Sigmoid))]
    [InlineData(Activation.Softplus, typeof(Softplus))]
    [InlineData(Activation.GELU, typeof(GELU))]
    public void Create_EachActivation_UsesItsModuleInEveryHiddenLayer(Activation activation, Type expected)
    {
        var model = Mlp.Create([2, 3, 3, 1], activation, rng: new Rng(1));
        Assert.Equal(expected, model[1].GetType());
        Assert.Equal(expected, model[3].GetType());
        Assert.IsType<Linear>(model[4]);
    }

    [Fact]
    public void Create_Float64_ParametersBuffersAndOutputAreFloat64()
    {
        var model = Mlp.Create([3, 4, 2], batchNorm: true, dtype: DType.Float64, rng: new Rng(1));
        Assert.All(model.NamedTensors(), t => Assert.Equal(DType.Float64, t.Tensor.DType));
        Assert.Equal(DType.Float64, model.Forward(Tensor.Randn(new Shape(5, 3), new Rng(2), dtype: DType.Float64)).DType);
    }

    [Fact]
    public void Create_WithDropout_SameRngSameMasks_EvalDeterministic()
    {
        var x = Tensor.Randn(new Shape(6, 4), new Rng(3));
        var a = Mlp.Create([4, 16, 2], dropout: 0.5, rng: new Rng(9));
        var b = Mlp.Create([4, 16, 2], dropout: 0.5, rng: new Rng(9));
        var first = a.Forward(x).ToArray();
        Assert.Equal(first, b.Forward(x).ToArray());
        Assert.NotEqual(first, a.Forward(x).ToArray());
        a.Eval();
        Assert.Equal(a.Forward(x).ToArray(), a.Forward(x).ToArray());
    }

    [Fact]
    public void Create_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => Mlp.Create([4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.Create([4, 0, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.Create([4, 3, 2], dropout: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.CreateActivation((Activation)99));
    }

    private static Type[] Types(Sequential model) => Enumerable.Range(0, model.Count).Select(i => model[i].GetType()).ToArray();
}
