using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// Sums and maxima over spans and over one axis of a [outer, n, inner] block, on the widest accelerated vector width
/// (512, 256 or 128 bits). The order of additions is fixed by the length and that width alone (vector accumulators,
/// then a fixed combine; full reductions over fixed blocks, then the block sums in order), never by the thread count,
/// so results are reproducible bit for bit on a given path.
/// </summary>
public static class Reductions
{
    /// <summary>
    /// Full reductions add up fixed blocks of this many elements (a multiple of <see cref="Parallelism.ChunkAlignment"/>)
    /// and then the blocks' sums, in block order. The blocks do not depend on the thread count, so neither does the result.
    /// </summary>
    internal const int BlockElements = 1 << 14;

    /// <summary>The most block sums kept on the stack; longer inputs rent their buffer.</summary>
    private const int StackPartials = 512;

    /// <summary>
    /// The sum of <paramref name="x"/>: each block of <see cref="BlockElements"/> is summed by the same vector code, on
    /// the kernels' worker threads when <paramref name="x"/> is large, and the block sums are then summed in order.
    /// </summary>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x.Length <= BlockElements ? SumBlock(ref MemoryMarshal.GetReference(x), (nuint)x.Length) : Blocked(x, default, false);

    /// <summary>Σ x[i]·y[i], over fixed blocks as <see cref="Sum{T}(ReadOnlySpan{T})"/>.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Reductions.Dot: lengths {x.Length} and {y.Length} differ.");
        }

        return x.Length <= BlockElements
            ? DotBlock(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), (nuint)x.Length)
            : Blocked(x, y, true);
    }

    private static unsafe T Blocked<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool dot)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var blocks = (int)(((long)x.Length + BlockElements - 1) / BlockElements);
        T[]? rented = null;
        var partials = blocks <= StackPartials ? stackalloc T[StackPartials] : (rented = ArrayPool<T>.Shared.Rent(blocks));
        try
        {
            fixed (T* px = x)
            fixed (T* py = y)
            fixed (T* pp = partials)
            {
                var job = new BlockJob { X = px, Y = py, Partials = pp, Length = x.Length };
                var threads = x.Length < Parallelism.ElementwiseParallelThreshold
                    ? 1
                    : Math.Min(Parallelism.ThreadCount, x.Length / (Parallelism.ElementwiseParallelThreshold / 2));
                // One part per block: a part is large enough that claiming it costs next to nothing, and a preempted
                // worker holds up only one block.
                WorkerPool.Run(dot ? &DotPart<T> : &SumPart<T>, &job, blocks, threads);
            }

            return SumBlock(ref MemoryMarshal.GetReference(partials), (nuint)blocks);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }

    private static unsafe void SumPart<T>(void* state, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly var job = ref *(BlockJob*)state;
        var start = (long)part * BlockElements;
        var count = (nuint)Math.Min(BlockElements, job.Length - start);
        ((T*)job.Partials)[part] = SumBlock(ref Unsafe.AsRef<T>((T*)job.X + start), count);
    }

    private static unsafe void DotPart<T>(void* state, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly var job = ref *(BlockJob*)state;
        var start = (long)part * BlockElements;
        var count = (nuint)Math.Min(BlockElements, job.Length - start);
        ((T*)job.Partials)[part] = DotBlock(ref Unsafe.AsRef<T>((T*)job.X + start), ref Unsafe.AsRef<T>((T*)job.Y + start), count);
    }

    /// <summary>The sum of one block (or of a whole input of at most one block), with a fixed order of additions.</summary>
    private static T SumBlock<T>(ref T xr, nuint n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
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

    /// <summary>Σ x[i]·y[i] over one block, with a fixed order of additions.</summary>
    private static T DotBlock<T>(ref T xr, ref T yr, nuint n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
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

    private unsafe struct BlockJob
    {
        public void* X;
        public void* Y;
        public void* Partials;
        public long Length;
    }

    private static void CheckAxisLengths(string op, int length, int outer, int n, int inner, int destination)
    {
        if ((long)outer * n * inner != length || (long)outer * inner != destination)
        {
            throw new ArgumentException($"Reductions.{op}: source {length} / destination {destination} do not match [{outer}, {n}, {inner}].");
        }
    }
}
