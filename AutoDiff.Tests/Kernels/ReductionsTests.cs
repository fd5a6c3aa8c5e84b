using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>Sum, Dot and the axis reductions against plain double-precision loops, on every length around the vector widths.</summary>
[Collection(nameof(GlobalStateCollection))]
public sealed class ReductionsTests
{
    /// <summary>Long enough to run on the worker threads, not a whole number of blocks or vectors.</summary>
    private const int ParallelLength = (1 << 18) + 12345;

    [Fact]
    public void Sum_LargeOddLengthDouble_BitIdenticalForEveryThreadCount()
    {
        var rng = new Random(2);
        var x = Enumerable.Range(0, ParallelLength).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        var y = Enumerable.Range(0, ParallelLength).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        var sums = ForThreadCounts(() => BitConverter.DoubleToInt64Bits(Reductions.Sum<double>(x)));
        var dots = ForThreadCounts(() => BitConverter.DoubleToInt64Bits(Reductions.Dot<double>(x, y)));
        Assert.All(sums, s => Assert.Equal(sums[0], s));
        Assert.All(dots, d => Assert.Equal(dots[0], d));
    }

    [Fact]
    public void Sum_LargeOddLengthFloat_BitIdenticalForEveryThreadCountAndAccurate()
    {
        // More blocks than fit on the stack, so the rented buffer of block sums is exercised too.
        const int length = (600 * Reductions.BlockElements) + 4097;
        var rng = new Random(3);
        var x = new float[length];
        var y = new float[length];
        double sum = 0, dot = 0;
        for (var i = 0; i < length; i++)
        {
            x[i] = (float)rng.NextDouble();
            y[i] = (float)((rng.NextDouble() * 2) - 1);
            sum += x[i];
            dot += (double)x[i] * y[i];
        }

        var sums = ForThreadCounts(() => BitConverter.SingleToInt32Bits(Reductions.Sum<float>(x)));
        var dots = ForThreadCounts(() => BitConverter.SingleToInt32Bits(Reductions.Dot<float>(x, y)));
        Assert.All(sums, s => Assert.Equal(sums[0], s));
        Assert.All(dots, d => Assert.Equal(dots[0], d));
        Assert.Equal(1.0, BitConverter.Int32BitsToSingle(sums[0]) / sum, 1e-6);
        Assert.Equal(dot, BitConverter.Int32BitsToSingle(dots[0]), 0.05);
    }

    [Fact]
    public void Sum_LargeInput_MatchesDoubleReference()
    {
        var x = Enumerable.Range(0, ParallelLength).Select(i => Math.Sin(i * 0.01)).ToArray();
        var reference = 0.0;
        foreach (var v in x)
        {
            reference += v;
        }

        Assert.Equal(reference, Reductions.Sum<double>(x), 1e-9);
        Assert.Equal(x.Sum(v => v * v), Reductions.Dot<double>(x, x), 1e-9);
    }

    [Fact]
    public void SumAndDot_LargeParallelInput_AllocateNothingPerCall()
    {
        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 0;
            var x = new float[ParallelLength];
            x.AsSpan().Fill(0.5f);
            var result = Reductions.Sum<float>(x) + Reductions.Dot<float>(x, x);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                result += Reductions.Sum<float>(x) + Reductions.Dot<float>(x, x);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(result > 0);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    private static T[] ForThreadCounts<T>(Func<T> compute)
    {
        var saved = Parallelism.MaxThreads;
        try
        {
            return [.. new[] { 1, 2, 0, 1 }.Select(threads =>
            {
                Parallelism.MaxThreads = threads;
                return compute();
            })];
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

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
