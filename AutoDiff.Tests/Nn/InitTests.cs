using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>Initialisers: bounds, scales, seeding.</summary>
public class InitTests
{
    [Fact]
    public void Fans_FollowPyTorch()
    {
        Assert.Equal((3, 5), Init.Fans(new Shape(5, 3)));
        Assert.Equal((2 * 9, 4 * 9), Init.Fans(new Shape(4, 2, 3, 3)));
    }

    [Fact]
    public void Uniforms_StayInBounds_NormalsHaveTheirScale()
    {
        var rng = new Rng(1);
        var w = Tensor.Zeros(new Shape(200, 300), DType.Float64);
        var glorot = Math.Sqrt(6.0 / 500);
        Assert.All(Init.GlorotUniform(w, rng).ToArray(), v => Assert.InRange(v, -glorot, glorot));
        var he = Math.Sqrt(2.0) * Math.Sqrt(3.0 / 300);
        Assert.All(Init.HeUniform(w, rng).ToArray(), v => Assert.InRange(v, -he, he));
        Assert.Equal(Math.Sqrt(2.0 / 500), InitStatistics.Std(Init.GlorotNormal(w, rng)), 2);
        Assert.Equal(Math.Sqrt(2.0 / 300), InitStatistics.Std(Init.HeNormal(w, rng)), 2);
        Assert.All(Init.Constant(w, 0.25).ToArray(), v => Assert.Equal(0.25, v));
        Assert.All(Init.Zeros(w).ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void SameRngSeed_SameWeights_LinearDefaultBound()
    {
        var a = new Linear(16, 4, rng: new Rng(7));
        var b = new Linear(16, 4, rng: new Rng(7));
        var c = new Linear(16, 4, rng: new Rng(8));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), c.Weight.ToArray());
        Assert.All(a.Weight.ToArray().Concat(a.Bias!.ToArray()), v => Assert.InRange(v, -0.25, 0.25));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 3)]
    [InlineData(8, 2, 5)]
    public void Conv2d_DefaultInit_IsPyTorchsUniformWithFanInChannelsTimesKernelArea(int inChannels, int outChannels, int kernel)
    {
        // PyTorch: kaiming_uniform_(a=√5) on the weight, i.e. U(−1/√fan_in, 1/√fan_in), and the bias from the same
        // bound, with fan_in = in_channels·k·k. Many layers are pooled so that the extremes come close to the bound.
        var bound = 1 / Math.Sqrt(inChannels * kernel * kernel);
        var values = Enumerable.Range(0, 40)
            .Select(i => new Conv2d(inChannels, outChannels, kernel, rng: new Rng((ulong)i)))
            .SelectMany(c => c.Weight.ToArray().Concat(c.Bias!.ToArray()))
            .ToArray();
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.True(values.Max() > 0.8 * bound && values.Min() < -0.8 * bound, $"range [{values.Min()}, {values.Max()}] vs bound {bound}");
        Assert.Equal(bound / Math.Sqrt(3), InitStatistics.Std(Tensor.FromArray(values)), bound * 0.15);
    }

    [Fact]
    public void Linear_DefaultInit_FillsPyTorchsBoundForWeightAndBias()
    {
        var layer = new Linear(9, 400, rng: new Rng(3));
        var bound = 1 / 3.0;
        foreach (var values in new[] { layer.Weight.ToArray(), layer.Bias!.ToArray() })
        {
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            Assert.True(values.Max() > 0.9 * bound && values.Min() < -0.9 * bound);
        }

        Assert.Equal(bound / Math.Sqrt(3), InitStatistics.Std(layer.Weight), 2);
    }

    [Fact]
    public void HeUniform_GainForLeakyReluSqrt5_EqualsPyTorchsLayerDefault()
    {
        // kaiming_uniform_(w, a=√5): gain = √(2 / (1 + a²)) = √(1/3), bound = gain·√(3/fan_in) = 1/√fan_in.
        var he = Init.HeUniform(Tensor.Zeros(new Shape(6, 5, 2, 2), DType.Float64), new Rng(4), gain: Math.Sqrt(1.0 / 3));
        var fanIn = Init.FanInUniform(Tensor.Zeros(new Shape(6, 5, 2, 2), DType.Float64), new Rng(4), 20);
        NnCheck.Close(fanIn, he, 1e-12);
    }

    [Fact]
    public void HeAndGlorot_FanOutAndGain_ScaleAsDocumented()
    {
        var w = Tensor.Zeros(new Shape(100, 400), DType.Float64);
        var outBound = Math.Sqrt(2.0) * Math.Sqrt(3.0 / 100);
        var values = Init.HeUniform(w, new Rng(1), fanOut: true).ToArray();
        Assert.All(values, v => Assert.InRange(v, -outBound, outBound));
        Assert.True(values.Max() > 0.99 * outBound);
        Assert.Equal(Math.Sqrt(2.0 / 100), InitStatistics.Std(Init.HeNormal(w, new Rng(2), fanOut: true)), 2);
        Assert.Equal(3 * Math.Sqrt(2.0 / 500), InitStatistics.Std(Init.GlorotNormal(w, new Rng(3), gain: 3)), 2);
        var glorot = 0.5 * Math.Sqrt(6.0 / 500);
        Assert.All(Init.GlorotUniform(w, new Rng(4), gain: 0.5).ToArray(), v => Assert.InRange(v, -glorot, glorot));
        Assert.Equal(0, Init.HeNormal(w, new Rng(5)).ToArray().Average(), 2);
    }

    [Fact]
    public void Initialisers_SameSeed_SameValues_DifferentSeed_DifferentValues()
    {
        Func<Tensor, Rng, Tensor>[] initialisers =
        [
            (t, r) => Init.GlorotUniform(t, r),
            (t, r) => Init.GlorotNormal(t, r),
            (t, r) => Init.HeUniform(t, r),
            (t, r) => Init.HeNormal(t, r),
        ];
        foreach (var init in initialisers)
        {
            var a = init(Tensor.Zeros(new Shape(4, 3)), new Rng(11)).ToArray();
            Assert.Equal(a, init(Tensor.Zeros(new Shape(4, 3)), new Rng(11)).ToArray());
            Assert.NotEqual(a, init(Tensor.Zeros(new Shape(4, 3)), new Rng(12)).ToArray());
        }
    }

    [Fact]
    public void SameRngSeed_SameModel()
    {
        var a = Mlp.Create([3, 4, 2], rng: new Rng(5));
        var b = Mlp.Create([3, 4, 2], rng: new Rng(5));
        Assert.Equal(a.Parameters().SelectMany(p => p.ToArray()), b.Parameters().SelectMany(p => p.ToArray()));
    }
}
