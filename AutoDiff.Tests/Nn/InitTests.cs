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

    [Fact]
    public void SameRngSeed_SameModel()
    {
        var a = Mlp.Create([3, 4, 2], rng: new Rng(5));
        var b = Mlp.Create([3, 4, 2], rng: new Rng(5));
        Assert.Equal(a.Parameters().SelectMany(p => p.ToArray()), b.Parameters().SelectMany(p => p.ToArray()));
    }
}
