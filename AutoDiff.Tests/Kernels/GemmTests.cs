using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

public class GemmTests
{
    public static TheoryData<int, int, int> Sizes()
    {
        var data = new TheoryData<int, int, int>();
        int[] sizes = [1, 3, 17, 33, 65, 130];
        foreach (int m in sizes)
        {
            foreach (int n in sizes)
            {
                foreach (int k in sizes)
                {
                    // A diagonal-ish subset keeps the run short while mixing every size with every other.
                    if ((m + 2 * n + 3 * k) % 5 == 0 || (m == n && n == k))
                    {
                        data.Add(m, n, k);
                    }
                }
            }
        }

        data.Add(257, 129, 301);
        // Deeper than one KC block (at most 512): packing starts part-way down op(A) and op(B).
        data.Add(37, 45, 1100);
        return data;
    }

    /// <summary>Products under the packing threshold, vectorised along rows, along dots, or plain.</summary>
    public static TheoryData<int, int, int> TinySizes() => new()
    {
        { 32, 1, 64 }, { 1, 64, 32 }, { 32, 64, 1 }, { 7, 9, 13 }, { 3, 33, 33 }, { 16, 16, 16 }, { 2, 8, 200 }, { 9, 1, 7 },
    };

    [Theory]
    [MemberData(nameof(TinySizes))]
    public void Multiply_TinyShapes_MatchesNaiveForAllTransposes(int m, int n, int k)
    {
        Multiply_Float_MatchesNaiveForAllTransposes(m, n, k);
        Multiply_Double_MatchesNaiveForAllTransposes(m, n, k);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Multiply_Float_MatchesNaiveForAllTransposes(int m, int n, int k)
    {
        var rng = new Random(m * 10007 + n * 101 + k);
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    float[] a = RandomFloats(rng, m * k);
                    float[] b = RandomFloats(rng, k * n);
                    float[] c = RandomFloats(rng, m * n);
                    double[] expected = Naive(ToDouble(a), ToDouble(b), ToDouble(c), m, n, k, transA, transB, accumulate);

                    Gemm.Multiply(a, b, c, m, n, k, transA, transB, accumulate);

                    double tolerance = 1e-5 * (k + 1);
                    for (int i = 0; i < c.Length; i++)
                    {
                        Assert.True(
                            Math.Abs(c[i] - expected[i]) <= tolerance,
                            $"m={m} n={n} k={k} tA={transA} tB={transB} acc={accumulate} [{i}]: {c[i]} vs {expected[i]}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Multiply_Double_MatchesNaiveForAllTransposes(int m, int n, int k)
    {
        var rng = new Random(m * 7919 + n * 31 + k);
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    double[] a = RandomDoubles(rng, m * k);
                    double[] b = RandomDoubles(rng, k * n);
                    double[] c = RandomDoubles(rng, m * n);
                    double[] expected = Naive(a, b, c, m, n, k, transA, transB, accumulate);

                    Gemm.Multiply(a, b, c, m, n, k, transA, transB, accumulate);

                    double tolerance = 1e-13 * (k + 1);
                    for (int i = 0; i < c.Length; i++)
                    {
                        Assert.True(
                            Math.Abs(c[i] - expected[i]) <= tolerance,
                            $"m={m} n={n} k={k} tA={transA} tB={transB} acc={accumulate} [{i}]: {c[i]} vs {expected[i]}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(257, 129, 301, false, false)]
    [InlineData(130, 257, 65, true, true)]
    [InlineData(17, 1000, 33, false, true)]
    [InlineData(1000, 17, 33, true, false)]
    [InlineData(128, 128, 128, false, false)] // split by columns: 12-row tiles would split 6 + 5
    [InlineData(128, 128, 128, true, true)]
    public void Multiply_OneVersusTwoThreads_BitIdentical(int m, int n, int k, bool transA, bool transB)
    {
        var rng = new Random(42);
        float[] af = RandomFloats(rng, m * k);
        float[] bf = RandomFloats(rng, k * n);
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        Gemm.Multiply(af, bf, c1, m, n, k, transA, transB, maxThreads: 1);
        Gemm.Multiply(af, bf, c2, m, n, k, transA, transB, maxThreads: 2);
        Assert.Equal(c1, c2);

        double[] ad = RandomDoubles(rng, m * k);
        double[] bd = RandomDoubles(rng, k * n);
        double[] d1 = RandomDoubles(rng, m * n);
        double[] d2 = (double[])d1.Clone();
        Gemm.Multiply(ad, bd, d1, m, n, k, transA, transB, accumulate: true, maxThreads: 1);
        Gemm.Multiply(ad, bd, d2, m, n, k, transA, transB, accumulate: true, maxThreads: 2);
        Assert.Equal(d1, d2);
    }

    [Fact]
    public void Multiply_ZeroK_ClearsOrKeepsC()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        Gemm.Multiply(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, c, 2, 3, 0, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], c);
        Gemm.Multiply(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, c, 2, 3, 0);
        Assert.All(c, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Multiply_Generic_DispatchesToConcreteOverload()
    {
        double[] a = [1, 2, 3, 4];
        double[] b = [5, 6, 7, 8];
        double[] c = new double[4];
        Gemm.Multiply<double>(a, b, c, 2, 2, 2);
        Assert.Equal([19.0, 22.0, 43.0, 50.0], c);
    }

    [Theory]
    [InlineData(5, 8, 12)]
    [InlineData(6, 7, 12)]
    [InlineData(6, 8, 11)]
    public void Multiply_ShortSpan_Throws(int lengthA, int lengthB, int lengthC)
    {
        var ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(new float[lengthA], new float[lengthB], new float[lengthC], 3, 4, 2));
        Assert.Contains("Gemm", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(new double[lengthA], new double[lengthB], new double[lengthC], 3, 4, 2));
    }

    [Fact]
    public void Multiply_NegativeSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(new float[4], new float[4], new float[4], -1, 2, 2));
    }

    [Fact]
    public void Multiply_SteadyState_DoesNotAllocate()
    {
        const int size = 256;
        var rng = new Random(1);
        float[] a = RandomFloats(rng, size * size);
        float[] b = RandomFloats(rng, size * size);
        float[] c = new float[size * size];
        Gemm.Multiply(a, b, c, size, size, size, maxThreads: 1);
        Gemm.Multiply(a, b, c, size, size, size, transA: true, transB: true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            Gemm.Multiply(a, b, c, size, size, size, maxThreads: 1);
            Gemm.Multiply(a, b, c, size, size, size, transA: true, transB: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double[] Naive(
        double[] a, double[] b, double[] c, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[p * m + i] : a[i * k + p];
                    double y = transB ? b[j * k + p] : b[p * n + j];
                    sum += x * y;
                }

                result[i * n + j] = sum;
            }
        }

        return result;
    }

    private static float[] RandomFloats(Random rng, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        return values;
    }

    private static double[] RandomDoubles(Random rng, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = rng.NextDouble() * 2 - 1;
        }

        return values;
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, x => (double)x);
}
