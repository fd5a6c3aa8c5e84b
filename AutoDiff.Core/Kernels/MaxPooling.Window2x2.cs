using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Kernels;

/// <summary>
/// The 2×2 stride-2 window (the CNN's pooling), a row pair at a time: with AVX2, a vector of windows at once from the
/// even and odd columns of the two rows (the window's positions 0, 1, 2, 3 are row 0 even, row 0 odd, row 1 even,
/// row 1 odd); scalar code for the last windows of a row and where AVX2 is missing. Both follow the same rule, so a
/// plane's result does not depend on its width: position k takes over from the best so far when it is greater, or
/// when it is NaN and the best is not (the first maximum in row-major order, a NaN beating every number).
/// </summary>
internal static unsafe partial class MaxPooling
{
    /// <summary>y = the value at each window's argmax: the maximum, with PyTorch's sign for tied zeros and NaN.</summary>
    private static void Forward2x2<T>(T* x, T* y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Select2x2(x, x, y, g);

    /// <summary>y[o] = v at the argmax of x in window o, for one plane.</summary>
    private static void Select2x2<T>(T* x, T* v, T* y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = g.W;
        int ow = g.OW;
        for (int i = 0; i < g.OH; i++)
        {
            nint row = (nint)(2 * i) * w;
            T* x0 = x + row;
            T* v0 = v + row;
            T* dst = y + ((nint)i * ow);
            int j = 0;
            if (Avx2.IsSupported)
            {
                for (; j <= ow - Vector256<T>.Count; j += Vector256<T>.Count)
                {
                    nint at = 2 * j;
                    var (take1, take2, take3) = Takes(x0 + at, x0 + w + at);
                    var (even0, odd0) = Deinterleave(v0 + at);
                    var (even1, odd1) = Deinterleave(v0 + w + at);
                    // Later positions override earlier ones, as in the sequential scan.
                    var chosen = Vector256.ConditionalSelect(take1, odd0, even0);
                    chosen = Vector256.ConditionalSelect(take2, even1, chosen);
                    Vector256.ConditionalSelect(take3, odd1, chosen).Store(dst + j);
                }
            }

            for (; j < ow; j++)
            {
                nint at = 2 * j;
                dst[j] = v0[at + Offset(Argmax(x0 + at, w), w)];
            }
        }
    }

    /// <summary>
    /// z = the gradient gy[o] at the argmax of window o and zero elsewhere, for one plane: every element of z is
    /// written (rows and columns past the last window included), so z needs no clearing first. Each value is
    /// 0 + gy[o], bit for bit what adding into a cleared plane gives (a −0 gradient becomes +0).
    /// </summary>
    private static void Scatter2x2<T>(T* x, T* gy, T* z, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = g.W;
        int ow = g.OW;
        for (int i = 0; i < g.OH; i++)
        {
            nint row = (nint)(2 * i) * w;
            T* x0 = x + row;
            T* z0 = z + row;
            T* grad = gy + ((nint)i * ow);
            int j = 0;
            if (Avx2.IsSupported)
            {
                for (; j <= ow - Vector256<T>.Count; j += Vector256<T>.Count)
                {
                    nint at = 2 * j;
                    var (take1, take2, take3) = Takes(x0 + at, x0 + w + at);
                    var value = Vector256.Load(grad + j) + Vector256<T>.Zero;
                    var at3 = take3;
                    var at2 = Vector256.AndNot(take2, take3);
                    var at1 = Vector256.AndNot(take1, take2 | take3);
                    var at0 = ~(take1 | take2 | take3);
                    Interleave(value & at0, value & at1, z0 + at);
                    Interleave(value & at2, value & at3, z0 + w + at);
                }
            }

            for (; j < ow; j++)
            {
                nint at = 2 * j;
                z0[at] = T.Zero;
                z0[at + 1] = T.Zero;
                z0[at + w] = T.Zero;
                z0[at + w + 1] = T.Zero;
                z0[at + Offset(Argmax(x0 + at, w), w)] = T.Zero + grad[j];
            }

            if ((w & 1) != 0)
            {
                z0[w - 1] = T.Zero;
                z0[w + w - 1] = T.Zero;
            }
        }

        new Span<T>(z + ((nint)(2 * g.OH) * w), (g.H - (2 * g.OH)) * w).Clear();
    }

    /// <summary>
    /// For the windows of a vector whose rows start at <paramref name="row0"/> and <paramref name="row1"/>: the masks
    /// of the windows where positions 1, 2 and 3 take over from the best before them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<T> Take1, Vector256<T> Take2, Vector256<T> Take3) Takes<T>(T* row0, T* row1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (even0, odd0) = Deinterleave(row0);
        var (even1, odd1) = Deinterleave(row1);
        var take1 = Beats(odd0, even0);
        var best = Vector256.ConditionalSelect(take1, odd0, even0);
        var take2 = Beats(even1, best);
        best = Vector256.ConditionalSelect(take2, even1, best);
        return (take1, take2, Beats(odd1, best));
    }

    /// <summary>Where <paramref name="value"/> takes over from <paramref name="best"/>: greater, or NaN over a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Beats<T>(Vector256<T> value, Vector256<T> best)
        where T : unmanaged
        => Vector256.GreaterThan(value, best) | Vector256.AndNot(Vector256.Equals(best, best), Vector256.Equals(value, value));

    /// <summary>The scalar rule: the argmax (0, 1, 2 or 3) of the window whose top-left element is at <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Argmax<T>(T* x, int w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = x[0];
        int at = 0;
        if (Beats(x[1], best))
        {
            best = x[1];
            at = 1;
        }

        if (Beats(x[w], best))
        {
            best = x[w];
            at = 2;
        }

        return Beats(x[w + 1], best) ? 3 : at;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Beats<T>(T value, T best)
        where T : unmanaged, IFloatingPointIeee754<T>
        => value > best || (T.IsNaN(value) && !T.IsNaN(best));

    /// <summary>The offset from a window's top-left element of its position <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(int k, int w) => (k & 1) + ((k >> 1) * w);

    /// <summary>
    /// Splits the 2·<c>Vector256&lt;T&gt;.Count</c> values at <paramref name="p"/> into those at even and at odd
    /// offsets, each in order. Needs AVX2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<T> Even, Vector256<T> Odd) Deinterleave<T>(T* p)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var a = Vector256.Load((float*)p);
            var b = Vector256.Load((float*)p + 8);
            // Within each 128-bit lane: a0 a2 b0 b2 (even) and a1 a3 b1 b3 (odd); then the 64-bit pairs in order.
            var even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00);
            var odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00);
            return (even.As<double, T>(), odd.As<double, T>());
        }
        else
        {
            var a = Vector256.Load((double*)p);
            var b = Vector256.Load((double*)p + 4);
            // a0 b0 a2 b2 and a1 b1 a3 b3, then the middle elements exchanged.
            var even = Avx2.Permute4x64(Avx.UnpackLow(a, b), 0b11_01_10_00);
            var odd = Avx2.Permute4x64(Avx.UnpackHigh(a, b), 0b11_01_10_00);
            return (even.As<double, T>(), odd.As<double, T>());
        }
    }

    /// <summary>The inverse of <see cref="Deinterleave{T}"/>: stores even[0], odd[0], even[1], odd[1], … at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave<T>(Vector256<T> even, Vector256<T> odd, T* p)
        where T : unmanaged
    {
        // Pairs within each 128-bit lane, then the lanes in order.
        Vector256<T> low;
        Vector256<T> high;
        if (typeof(T) == typeof(float))
        {
            low = Avx.UnpackLow(even.AsSingle(), odd.AsSingle()).As<float, T>();
            high = Avx.UnpackHigh(even.AsSingle(), odd.AsSingle()).As<float, T>();
        }
        else
        {
            low = Avx.UnpackLow(even.AsDouble(), odd.AsDouble()).As<double, T>();
            high = Avx.UnpackHigh(even.AsDouble(), odd.AsDouble()).As<double, T>();
        }

        Avx2.Permute2x128(low.AsByte(), high.AsByte(), 0x20).As<byte, T>().Store(p);
        Avx2.Permute2x128(low.AsByte(), high.AsByte(), 0x31).As<byte, T>().Store(p + Vector256<T>.Count);
    }
}
