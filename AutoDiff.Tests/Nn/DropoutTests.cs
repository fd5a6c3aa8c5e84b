using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>Dropout: inverted scaling, seeded masks, identity in evaluation.</summary>
public class DropoutTests
{
    [Fact]
    public void Eval_IsIdentity()
    {
        var x = Tensor.Randn(new Shape(4, 5), new Rng(1));
        var dropout = new Dropout(0.5, 3UL);
        dropout.Eval();
        Assert.Same(x, dropout.Forward(x));
    }

    [Fact]
    public void Training_ZeroesOrScalesEachElement_AboutPOfThemZero()
    {
        var x = Tensor.Ones(new Shape(100, 100), DType.Float64);
        var y = new Dropout(0.3, 9UL).Forward(x);
        var zeros = 0;
        for (var i = 0; i < y.Size; i++)
        {
            var v = y.GetFlat(i);
            Assert.True(v == 0 || Math.Abs(v - (1 / 0.7)) < 1e-12, $"value {v}");
            zeros += v == 0 ? 1 : 0;
        }

        Assert.InRange(zeros / 10000.0, 0.27, 0.33);
    }

    [Fact]
    public void SameSeed_SameMasks_DifferentSeed_DifferentMasks()
    {
        var x = Tensor.Ones(new Shape(10, 10));
        var a = new Dropout(0.5, 42UL);
        var b = new Dropout(0.5, 42UL);
        var c = new Dropout(0.5, 43UL);
        var ya = a.Forward(x).ToArray();
        Assert.Equal(ya, b.Forward(x).ToArray());
        Assert.NotEqual(ya, c.Forward(x).ToArray());
        Assert.NotEqual(ya, a.Forward(x).ToArray());
    }

    [Fact]
    public void ExtremeProbabilities_AreIdentityAndZero()
    {
        var x = Tensor.Randn(new Shape(3, 3), new Rng(2));
        Assert.Equal(x.ToArray(), new Dropout(0, 1UL).Forward(x).ToArray());
        Assert.All(new Dropout(1, 1UL).Forward(x).ToArray(), v => Assert.Equal(0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }
}
