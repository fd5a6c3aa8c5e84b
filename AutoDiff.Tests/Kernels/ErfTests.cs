namespace AutoDiff.Tests.Kernels;

/// <summary>The error function against reference values (CPython's math.erf) across all three of its ranges.</summary>
public sealed class ErfTests
{
    [Theory]
    [InlineData(-6.5, -1.0)]
    [InlineData(-3.0, -0.9999779095030014)]
    [InlineData(-0.3, -0.3286267594591274)]
    [InlineData(1e-8, 1.1283791670955126e-08)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.7, 0.9837904585907745)]
    [InlineData(2.4999, 0.9995928300996666)]
    [InlineData(2.5, 0.999593047982555)]
    [InlineData(3.3, 0.9999969422902035)]
    [InlineData(5.5, 0.9999999999999927)]
    [InlineData(6.5, 1.0)]
    public void Erf_Float64_MatchesReferenceTo1e14(double x, double expected)
    {
        var y = Ops.Erf(Tensor.FromArray([x])).Item();
        Assert.True(Math.Abs(y - expected) <= 1e-14 * Math.Abs(expected), $"erf({x}) = {y:R}, expected {expected:R}");
    }

    [Fact]
    public void Erf_SpecialValues_ZeroInfinitiesAndNaN()
    {
        var y = Ops.Erf(Tensor.FromArray([0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN])).ToArray();
        Assert.Equal(0.0, y[0]);
        Assert.Equal(1.0, y[1]);
        Assert.Equal(-1.0, y[2]);
        Assert.True(double.IsNaN(y[3]));
    }

    [Fact]
    public void Erf_Float32_VectorPathMatchesScalar()
    {
        var x = Enumerable.Range(0, 67).Select(i => (float)((i - 33) * 0.11)).ToArray();
        var y = Ops.Erf(Tensor.FromArray(x)).ToFloatArray();
        var expected = Ops.Erf(Tensor.FromArray(x.Select(v => (double)v).ToArray())).ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal((float)expected[i], y[i]);
        }
    }
}
