using System.Numerics;
using System.Runtime.InteropServices;
using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>
/// The element-wise drivers compute every element by one formula, wherever it falls: in a vector body, in a tail,
/// at the start or end of a thread's chunk. Checked by computing a span whole and in pieces cut at every offset
/// around the vector widths, so it holds on whichever instruction-set path the JIT was limited to.
/// </summary>
public sealed class ElementwiseTests
{
    private const int Length = 301;

    // Cut points: every offset up to three 512-bit float vectors (all tail lengths), and a few further ones.
    private static readonly int[] s_cuts = [.. Enumerable.Range(1, 48), 63, 64, 65, 127, 150, 255, 299, 300];

    [Fact]
    public void Unary_AnySplit_BitIdenticalToWhole()
    {
        var differing = 0;
        differing += UnaryDiffering<ExpOperator<float>, float>(default, Inputs<float>(1, 30));
        differing += UnaryDiffering<ExpOperator<double>, double>(default, Inputs<double>(1, 30));
        differing += UnaryDiffering<LogOperator<float>, float>(default, Positive<float>(2));
        differing += UnaryDiffering<LogOperator<double>, double>(default, Positive<double>(2));
        differing += UnaryDiffering<TanhOperator<float>, float>(default, Inputs<float>(3, 5));
        differing += UnaryDiffering<TanhOperator<double>, double>(default, Inputs<double>(3, 5));
        differing += UnaryDiffering<SigmoidOperator<float>, float>(default, Inputs<float>(4, 20));
        differing += UnaryDiffering<SigmoidOperator<double>, double>(default, Inputs<double>(4, 20));
        differing += UnaryDiffering<SoftplusOperator<float>, float>(default, Inputs<float>(5, 20));
        differing += UnaryDiffering<SoftplusOperator<double>, double>(default, Inputs<double>(5, 20));
        differing += UnaryDiffering<ErfOperator<float>, float>(default, Inputs<float>(6, 3));
        differing += UnaryDiffering<ErfOperator<double>, double>(default, Inputs<double>(6, 3));
        differing += UnaryDiffering<PowOperator<float>, float>(new PowOperator<float>(1.5f), Positive<float>(7));
        differing += UnaryDiffering<PowOperator<double>, double>(new PowOperator<double>(-0.5), Positive<double>(7));
        differing += UnaryDiffering<SqrtOperator<float>, float>(default, Positive<float>(8));
        differing += UnaryDiffering<ReluOperator<float>, float>(default, Inputs<float>(9, 1));
        differing += UnaryDiffering<LeakyReluOperator<double>, double>(new LeakyReluOperator<double>(0.01), Inputs<double>(10, 1));
        differing += UnaryDiffering<SignOperator<float>, float>(default, Inputs<float>(11, 1));
        differing += UnaryDiffering<AbsOperator<double>, double>(default, Inputs<double>(12, 1));
        differing += UnaryDiffering<NegateOperator<float>, float>(default, Inputs<float>(13, 1));
        Assert.True(differing == 0, $"{differing} elements differ between the whole span and its pieces.");
    }

    [Fact]
    public void Binary_AnySplit_BitIdenticalToWhole()
    {
        var differing = 0;
        differing += BinaryDiffering<AddOperator<float>, float>(default, Inputs<float>(1, 3), Inputs<float>(2, 3));
        differing += BinaryDiffering<DivideOperator<double>, double>(default, Inputs<double>(3, 3), Positive<double>(4));
        differing += BinaryDiffering<MaxOperator<float>, float>(default, Inputs<float>(5, 3), Inputs<float>(6, 3));
        differing += BinaryDiffering<TanhBackwardOperator<float>, float>(default, Inputs<float>(7, 1), Inputs<float>(8, 3));
        differing += BinaryDiffering<SigmoidBackwardOperator<double>, double>(default, Inputs<double>(9, 1), Inputs<double>(10, 3));
        differing += BinaryDiffering<LeakyReluBackwardOperator<float>, float>(new LeakyReluBackwardOperator<float>(0.2f), Inputs<float>(11, 1), Inputs<float>(12, 3));
        differing += BinaryDiffering<GreaterMaskOperator<double>, double>(default, Inputs<double>(13, 1), Inputs<double>(14, 1));
        Assert.True(differing == 0, $"{differing} elements differ between the whole span and its pieces.");
    }

    [Fact]
    public void Unary_InPlace_SameAsOutOfPlace()
    {
        var x = Inputs<float>(21, 10);
        var expected = new float[Length];
        Elementwise.Unary(default(TanhOperator<float>), x, expected);
        Elementwise.Unary(default(TanhOperator<float>), x, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Unary_LengthMismatch_ThrowsNamingBothLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Elementwise.Unary(default(ExpOperator<float>), new float[3], new float[4]));
        Assert.Contains("3", error.Message);
        Assert.Contains("4", error.Message);
    }

    private static int UnaryDiffering<TOp, T>(TOp op, T[] x)
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var whole = new T[x.Length];
        Elementwise.Unary(op, x, whole);
        var pieces = new T[x.Length];
        var differing = 0;
        foreach (var cut in s_cuts)
        {
            // Three pieces: [0, cut), [cut, cut + 17 or so), the rest; each piece starts a fresh driver call.
            var second = Math.Min(x.Length, cut + 17 + (cut % 5));
            Elementwise.Unary(op, x.AsSpan(0, cut), pieces.AsSpan(0, cut));
            Elementwise.Unary(op, x.AsSpan(cut, second - cut), pieces.AsSpan(cut, second - cut));
            Elementwise.Unary(op, x.AsSpan(second), pieces.AsSpan(second));
            differing += CountDiffering(whole, pieces);
        }

        return differing;
    }

    private static int BinaryDiffering<TOp, T>(TOp op, T[] x, T[] y)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var whole = new T[x.Length];
        var right = new T[x.Length];
        var left = new T[x.Length];
        var scalar = y[7];
        Elementwise.Binary(op, x, y, whole);
        Elementwise.BinaryScalarRight(op, x, scalar, right);
        Elementwise.BinaryScalarLeft(op, scalar, x, left);
        var pieces = new T[x.Length];
        var differing = 0;
        foreach (var cut in s_cuts)
        {
            var second = Math.Min(x.Length, cut + 17 + (cut % 5));
            (int Start, int Count)[] ranges = [(0, cut), (cut, second - cut), (second, x.Length - second)];
            foreach (var (start, count) in ranges)
            {
                Elementwise.Binary(op, x.AsSpan(start, count), y.AsSpan(start, count), pieces.AsSpan(start, count));
            }

            differing += CountDiffering(whole, pieces);
            foreach (var (start, count) in ranges)
            {
                Elementwise.BinaryScalarRight(op, x.AsSpan(start, count), scalar, pieces.AsSpan(start, count));
            }

            differing += CountDiffering(right, pieces);
            foreach (var (start, count) in ranges)
            {
                Elementwise.BinaryScalarLeft(op, scalar, x.AsSpan(start, count), pieces.AsSpan(start, count));
            }

            differing += CountDiffering(left, pieces);
        }

        return differing;
    }

    private static int CountDiffering<T>(T[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var differing = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            // Bit comparison: the same NaN payload, and 0 differs from −0.
            if (!MemoryMarshal.AsBytes(expected.AsSpan(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan(i, 1))))
            {
                differing++;
            }
        }

        return differing;
    }

    private static T[] Inputs<T>(int seed, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = new T[Length];
        for (var i = 0; i < x.Length; i++)
        {
            // Include tiny values, where tanh and softplus switch formulas.
            var v = (rng.NextDouble() * 2) - 1;
            x[i] = T.CreateTruncating(i % 7 == 0 ? v * 0.02 : v * scale);
        }

        return x;
    }

    private static T[] Positive<T>(int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = new T[Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = T.CreateTruncating(Math.Exp((rng.NextDouble() * 20) - 10));
        }

        return x;
    }
}
