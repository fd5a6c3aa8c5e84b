using AutoDiff.Nn;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>Activation modules against their scalar definitions (PyTorch's), over random shapes, in both dtypes.</summary>
public class ActivationTests
{
    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_RandomShapes_MatchesScalarDefinition(Activation activation)
    {
        var gen = from n in Gen.Choose(1, 4)
                  from d in Gen.Choose(1, 7)
                  from f32 in Gen.Elements(false, true)
                  from seed in NnCheck.Seed
                  select (n, d, f32, seed);
        NnCheck.ForAll(gen, c =>
        {
            var dtype = c.f32 ? DType.Float32 : DType.Float64;
            var x = Ops.Mul(Tensor.Randn(new Shape(c.n, c.d), new Rng((ulong)c.seed), dtype: dtype), 3.0);
            var y = Mlp.CreateActivation(activation).Forward(x);
            Assert.Equal(dtype, y.DType);
            Assert.Equal(x.Shape, y.Shape);
            for (var i = 0; i < x.Size; i++)
            {
                var expected = Reference(activation, x.GetFlat(i));
                Assert.True(Math.Abs(expected - y.GetFlat(i)) <= (c.f32 ? 1e-5 : 1e-12) * (1 + Math.Abs(expected)), $"{activation}({x.GetFlat(i)}): expected {expected}, got {y.GetFlat(i)}");
            }
        }, maxTest: 6);
    }

    [Fact]
    public void Gelu_KnownValues_MatchPyTorchExactDefault()
    {
        // torch.nn.functional.gelu(torch.tensor([-1., 0., 1., 2.], dtype=torch.float64)): ½x(1 + erf(x/√2))
        var y = new GELU().Forward(Tensor.FromArray([-1.0, 0, 1, 2]));
        Assert.Equal(-0.15865525393145707, y[0], 14);
        Assert.Equal(0, y[1], 14);
        Assert.Equal(0.8413447460685429, y[2], 14);
        Assert.Equal(1.9544997361036416, y[3], 14);
        Assert.Equal("GELU()", new GELU().Describe());
    }

    [Fact]
    public void Gelu_KnownValues_MatchPyTorchTanhApproximation()
    {
        // torch.nn.functional.gelu(torch.tensor([-1., 0., 1., 2.], dtype=torch.float64), approximate='tanh')
        var y = new GELU(GeluApproximation.Tanh).Forward(Tensor.FromArray([-1.0, 0, 1, 2]));
        Assert.Equal(-0.15880800939172324, y[0], 12);
        Assert.Equal(0, y[1], 12);
        Assert.Equal(0.8411919906082768, y[2], 12);
        Assert.Equal(1.954597694087775, y[3], 12);
    }

    [Fact]
    public void SoftplusAndSigmoid_ExtremeInputs_AreFiniteAndExact()
    {
        var x = Tensor.FromArray([-1000.0, 1000.0]);
        Assert.Equal([0.0, 1000.0], new Softplus().Forward(x).ToArray());
        Assert.Equal([0.0, 1.0], new Sigmoid().Forward(x).ToArray());
    }

    [Fact]
    public void LeakyReLU_CustomSlope_ScalesNegativesOnly()
    {
        var y = new LeakyReLU(0.2).Forward(Tensor.FromArray([-2.0, 3.0]));
        Assert.Equal([-0.4, 3.0], y.ToArray());
        Assert.Equal(0.01, new LeakyReLU().NegativeSlope);
    }

    /// <summary>erf by composite Simpson quadrature of (2/√π)e^(−t²) (step 1e-4): independent of the library's series.</summary>
    private static double ErfBySimpson(double x)
    {
        var n = 2 * (int)Math.Ceiling(Math.Abs(x) / 2e-4);
        if (n == 0)
        {
            return 0;
        }

        var h = x / n;
        var sum = 1 + Math.Exp(-x * x);
        for (var i = 1; i < n; i++)
        {
            var t = i * h;
            sum += (i % 2 == 1 ? 4 : 2) * Math.Exp(-t * t);
        }

        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }

    private static double Reference(Activation activation, double x) => activation switch
    {
        Activation.ReLU => Math.Max(x, 0),
        Activation.LeakyReLU => x > 0 ? x : 0.01 * x,
        Activation.Tanh => Math.Tanh(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Softplus => Math.Log(1 + Math.Exp(x)),
        Activation.GELU => 0.5 * x * (1 + ErfBySimpson(x / Math.Sqrt(2))),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
