using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Kernels;

/// <summary>
/// The 2×2 stride-2 window (the CNN's pooling), a row pair at a time: with SSE2, a vector of windows at once from the
/// even and odd columns of the two rows (the window's positions 0, 1, 2, 3 are row 0 even, row 0 odd, row 1 even,
/// row 1 odd; 128-bit vectors, so that a 7-window row of the CNN's second pooling is two overlapping vectors); scalar
/// code for rows narrower than a vector and where SSE2 is missing. Both follow the same rule, so a
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
            if (Sse2.IsSupported && ow >= Vector128<T>.Count)
            {
                // The last vector of the row overlaps the one before it: its windows come out the same twice.
                for (int start = 0; start < ow; start += Vector128<T>.Count)
                {
                    int first = Math.Min(start, ow - Vector128<T>.Count);
                    nint at = 2 * first;
                    var (take1, take2, take3) = Takes(x0 + at, x0 + w + at);
                    var (even0, odd0) = Deinterleave(v0 + at);
                    var (even1, odd1) = Deinterleave(v0 + w + at);
                    // Later positions override earlier ones, as in the sequential scan.
                    var chosen = Vector128.ConditionalSelect(take1, odd0, even0);
                    chosen = Vector128.ConditionalSelect(take2, even1, chosen);
                    Vector128.ConditionalSelect(take3, odd1, chosen).Store(dst + first);
                }

                j = ow;
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
            if (Sse2.IsSupported && ow >= Vector128<T>.Count)
            {
                // As in Select2x2, the last vector overlaps: it writes the same values again.
                for (int start = 0; start < ow; start += Vector128<T>.Count)
                {
                    int first = Math.Min(start, ow - Vector128<T>.Count);
                    nint at = 2 * first;
                    var (take1, take2, take3) = Takes(x0 + at, x0 + w + at);
                    var value = Vector128.Load(grad + first) + Vector128<T>.Zero;
                    var at3 = take3;
                    var at2 = Vector128.AndNot(take2, take3);
                    var at1 = Vector128.AndNot(take1, take2 | take3);
                    var at0 = ~(take1 | take2 | take3);
                    Interleave(value & at0, value & at1, z0 + at);
                    Interleave(value & at2, value & at3, z0 + w + at);
                }

                j = ow;
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
    private static (Vector128<T> Take1, Vector128<T> Take2, Vector128<T> Take3) Takes<T>(T* row0, T* row1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (even0, odd0) = Deinterleave(row0);
        var (even1, odd1) = Deinterleave(row1);
        var take1 = Beats(odd0, even0);
        var best = Vector128.ConditionalSelect(take1, odd0, even0);
        var take2 = Beats(even1, best);
        best = Vector128.ConditionalSelect(take2, even1, best);
        return (take1, take2, Beats(odd1, best));
    }

    /// <summary>Where <paramref name="value"/> takes over from <paramref name="best"/>: greater, or NaN over a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Beats<T>(Vector128<T> value, Vector128<T> best)
        where T : unmanaged
        => Vector128.GreaterThan(value, best) | Vector128.AndNot(Vector128.Equals(best, best), Vector128.Equals(value, value));

    /// <summary>
    /// The scalar rule: the argmax (0, 1, 2 or 3) of the window whose top-left element is at <paramref name="x"/>,
    /// without branches (a branch per comparison mispredicts on random data).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Argmax<T>(T* x, int w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = x[0];
        int take = Bit(Beats(x[1], best));
        best = Choose(take, x[1], best);
        int at = take;
        take = Bit(Beats(x[w], best));
        best = Choose(take, x[w], best);
        at = (at & (take - 1)) | (2 & -take);
        take = Bit(Beats(x[w + 1], best));
        return (at & (take - 1)) | (3 & -take);
    }

    /// <summary><paramref name="value"/> when <paramref name="take"/> is 1, else <paramref name="best"/>, selected on the bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Choose<T>(int take, T value, T best)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            int mask = -take;
            int bits = (Unsafe.As<T, int>(ref value) & mask) | (Unsafe.As<T, int>(ref best) & ~mask);
            return Unsafe.As<int, T>(ref bits);
        }
        else
        {
            long mask = -take;
            long bits = (Unsafe.As<T, long>(ref value) & mask) | (Unsafe.As<T, long>(ref best) & ~mask);
            return Unsafe.As<long, T>(ref bits);
        }
    }

    /// <summary>Whether <paramref name="value"/> takes over from <paramref name="best"/>, evaluated without branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Beats<T>(T value, T best)
        where T : unmanaged, IFloatingPointIeee754<T>
        => (value > best) | (T.IsNaN(value) & !T.IsNaN(best));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool value) => Unsafe.As<bool, byte>(ref value);

    /// <summary>The offset from a window's top-left element of its position <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(int k, int w) => (k & 1) + ((k >> 1) * w);

    /// <summary>
    /// Splits the 2·<c>Vector128&lt;T&gt;.Count</c> values at <paramref name="p"/> into those at even and at odd
    /// offsets, each in order. Needs SSE2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<T> Even, Vector128<T> Odd) Deinterleave<T>(T* p)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var a = Vector128.Load((float*)p);
            var b = Vector128.Load((float*)p + 4);
            return (Sse.Shuffle(a, b, 0b10_00_10_00).As<float, T>(), Sse.Shuffle(a, b, 0b11_01_11_01).As<float, T>());
        }
        else
        {
            var a = Vector128.Load((double*)p);
            var b = Vector128.Load((double*)p + 2);
            return (Sse2.UnpackLow(a, b).As<double, T>(), Sse2.UnpackHigh(a, b).As<double, T>());
        }
    }

    /// <summary>The inverse of <see cref="Deinterleave{T}"/>: stores even[0], odd[0], even[1], odd[1], … at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave<T>(Vector128<T> even, Vector128<T> odd, T* p)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Sse.UnpackLow(even.AsSingle(), odd.AsSingle()).Store((float*)p);
            Sse.UnpackHigh(even.AsSingle(), odd.AsSingle()).Store((float*)p + 4);
        }
        else
        {
            Sse2.UnpackLow(even.AsDouble(), odd.AsDouble()).Store((double*)p);
            Sse2.UnpackHigh(even.AsDouble(), odd.AsDouble()).Store((double*)p + 2);
        }
    }
}
