using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// Sums and maxima over spans and over one axis of a [outer, n, inner] block, on the widest accelerated vector width
/// (512, 256 or 128 bits). The order of additions is fixed by the length and that width alone (vector accumulators,
/// then a fixed combine), never by the thread count, so results are reproducible bit for bit on a given path.
/// </summary>
public static class Reductions
{
    /// <summary>The sum of <paramref name="x"/>.</summary>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        var total = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            var w = (nuint)Vector512<T>.Count;
            Vector512<T> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + (4 * w) <= n; i += 4 * w)
            {
                a0 += Vector512.LoadUnsafe(ref xr, i);
                a1 += Vector512.LoadUnsafe(ref xr, i + w);
                a2 += Vector512.LoadUnsafe(ref xr, i + (2 * w));
                a3 += Vector512.LoadUnsafe(ref xr, i + (3 * w));
            }

            for (; i + w <= n; i += w)
            {
                a0 += Vector512.LoadUnsafe(ref xr, i);
            }

            total = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            var w = (nuint)Vector256<T>.Count;
            Vector256<T> a0 = default, a1 = default;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                a0 += Vector256.LoadUnsafe(ref xr, i);
                a1 += Vector256.LoadUnsafe(ref xr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                a0 += Vector256.LoadUnsafe(ref xr, i);
            }

            total = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
        {
            var w = (nuint)Vector128<T>.Count;
            Vector128<T> a0 = default, a1 = default;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                a0 += Vector128.LoadUnsafe(ref xr, i);
                a1 += Vector128.LoadUnsafe(ref xr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                a0 += Vector128.LoadUnsafe(ref xr, i);
            }

            total = Vector128.Sum(a0 + a1);
        }

        for (; i < n; i++)
        {
            total += Unsafe.Add(ref xr, i);
        }

        return total;
    }

    /// <summary>The largest element of a non-empty span (NaN if any element is NaN).</summary>
    public static T Max<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("Reductions.Max: empty input.");
        }

        var best = x[0];
        foreach (var v in x)
        {
            if (v > best || T.IsNaN(v))
            {
                best = v;
                if (T.IsNaN(v))
                {
                    return v;
                }
            }
        }

        return best;
    }

    /// <summary>destination[o, j] = Σᵢ x[o, i, j] for x laid out as [outer, n, inner].</summary>
    public static void SumAxis<T>(ReadOnlySpan<T> x, int outer, int n, int inner, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAxisLengths("SumAxis", x.Length, outer, n, inner, destination.Length);
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                destination[o] = Sum(x.Slice(o * n, n));
            }

            return;
        }

        destination.Clear();
        var add = default(AddOperator<T>);
        for (var o = 0; o < outer; o++)
        {
            var d = destination.Slice(o * inner, inner);
            for (var i = 0; i < n; i++)
            {
                Elementwise.Binary(add, d, x.Slice(((o * n) + i) * inner, inner), d);
            }
        }
    }

    /// <summary>destination[o, j] = maxᵢ x[o, i, j] for x laid out as [outer, n, inner]; n must be positive.</summary>
    public static void MaxAxis<T>(ReadOnlySpan<T> x, int outer, int n, int inner, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAxisLengths("MaxAxis", x.Length, outer, n, inner, destination.Length);
        if (n == 0)
        {
            throw new ArgumentException("Reductions.MaxAxis: cannot take the maximum over an empty axis.");
        }

        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                destination[o] = Max(x.Slice(o * n, n));
            }

            return;
        }

        var max = default(MaxOperator<T>);
        for (var o = 0; o < outer; o++)
        {
            var d = destination.Slice(o * inner, inner);
            x.Slice(o * n * inner, inner).CopyTo(d);
            for (var i = 1; i < n; i++)
            {
                Elementwise.Binary(max, d, x.Slice(((o * n) + i) * inner, inner), d);
            }
        }
    }

    /// <summary>Σ x[i]·y[i].</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Reductions.Dot: lengths {x.Length} and {y.Length} differ.");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        var total = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            var w = (nuint)Vector512<T>.Count;
            Vector512<T> a0 = default, a1 = default;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                a0 += Vector512.LoadUnsafe(ref xr, i) * Vector512.LoadUnsafe(ref yr, i);
                a1 += Vector512.LoadUnsafe(ref xr, i + w) * Vector512.LoadUnsafe(ref yr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                a0 += Vector512.LoadUnsafe(ref xr, i) * Vector512.LoadUnsafe(ref yr, i);
            }

            total = Vector512.Sum(a0 + a1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            var w = (nuint)Vector256<T>.Count;
            Vector256<T> a0 = default, a1 = default;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                a0 += Vector256.LoadUnsafe(ref xr, i) * Vector256.LoadUnsafe(ref yr, i);
                a1 += Vector256.LoadUnsafe(ref xr, i + w) * Vector256.LoadUnsafe(ref yr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                a0 += Vector256.LoadUnsafe(ref xr, i) * Vector256.LoadUnsafe(ref yr, i);
            }

            total = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
        {
            var w = (nuint)Vector128<T>.Count;
            Vector128<T> a0 = default, a1 = default;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                a0 += Vector128.LoadUnsafe(ref xr, i) * Vector128.LoadUnsafe(ref yr, i);
                a1 += Vector128.LoadUnsafe(ref xr, i + w) * Vector128.LoadUnsafe(ref yr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                a0 += Vector128.LoadUnsafe(ref xr, i) * Vector128.LoadUnsafe(ref yr, i);
            }

            total = Vector128.Sum(a0 + a1);
        }

        for (; i < n; i++)
        {
            total += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        }

        return total;
    }

    private static void CheckAxisLengths(string op, int length, int outer, int n, int inner, int destination)
    {
        if ((long)outer * n * inner != length || (long)outer * inner != destination)
        {
            throw new ArgumentException($"Reductions.{op}: source {length} / destination {destination} do not match [{outer}, {n}, {inner}].");
        }
    }
}
