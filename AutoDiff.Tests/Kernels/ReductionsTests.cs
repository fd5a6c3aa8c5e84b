using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>Sum, Dot and the axis reductions against plain double-precision loops, on every length around the vector widths.</summary>
public sealed class ReductionsTests
{
    [Fact]
    public void SumAndDot_EveryLengthTo200_MatchDoubleReference()
    {
        var rng = new Random(1);
        var x = Enumerable.Range(0, 200).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        var y = Enumerable.Range(0, 200).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        var xf = x.Select(v => (float)v).ToArray();
        for (var n = 0; n <= 200; n++)
        {
            var sum = x.Take(n).Sum();
            var dot = x.Take(n).Zip(y.Take(n)).Sum(p => p.First * p.Second);
            Assert.Equal(sum, Reductions.Sum<double>(x.AsSpan(0, n)), 1e-12);
            Assert.Equal(dot, Reductions.Dot<double>(x.AsSpan(0, n), y.AsSpan(0, n)), 1e-12);
            Assert.Equal(xf.Take(n).Sum(v => (double)v), Reductions.Sum<float>(xf.AsSpan(0, n)), 1e-4);
        }
    }

    [Fact]
    public void Sum_SameInputTwice_BitIdentical()
    {
        var x = Enumerable.Range(0, 1001).Select(i => MathF.Sin(i)).ToArray();
        Assert.Equal(BitConverter.SingleToInt32Bits(Reductions.Sum<float>(x)), BitConverter.SingleToInt32Bits(Reductions.Sum<float>(x.ToArray())));
    }

    [Fact]
    public void SumAxisAndMaxAxis_OddInner_MatchReference()
    {
        const int outer = 3, n = 5, inner = 37;
        var x = Enumerable.Range(0, outer * n * inner).Select(i => Math.Cos(i * 0.7)).ToArray();
        var sum = new double[outer * inner];
        var max = new double[outer * inner];
        Reductions.SumAxis<double>(x, outer, n, inner, sum);
        Reductions.MaxAxis<double>(x, outer, n, inner, max);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                var column = Enumerable.Range(0, n).Select(i => x[(((o * n) + i) * inner) + j]).ToArray();
                Assert.Equal(column.Sum(), sum[(o * inner) + j], 1e-12);
                Assert.Equal(column.Max(), max[(o * inner) + j]);
            }
        }
    }

    [Fact]
    public void Dot_LengthMismatch_ThrowsNamingBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Reductions.Dot<double>(new double[3], new double[4]));
        Assert.Contains("3", e.Message, StringComparison.Ordinal);
        Assert.Contains("4", e.Message, StringComparison.Ordinal);
    }
}
