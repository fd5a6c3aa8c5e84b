using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// Register-tile and cache-block sizes for element type <typeparamref name="T"/> on this machine.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The micro-tile (<c>MR×NR</c>) follows the widest accelerated vector. <c>KC×NR</c> (one packed B micro-panel)
    /// is sized for the measured L1 next to the A micro-panels, <c>MC×KC</c> (the packed A block) for L2 and
    /// <c>KC×NC</c> (the packed B block) for this core's share of L3 (<see cref="CacheSizes"/>).
    /// </para>
    /// <para>
    /// Where the caches leave a choice, a short autotuning pass on first use (a few milliseconds, once per process and
    /// element type) times the A block at the L2 size and at half of it and keeps the faster. MC and NC never change a
    /// result bit (every element of C sums its products in the same order whatever the blocks); KC does, so it comes
    /// from the cache sizes alone. <c>AUTODIFF_GEMM_BLOCKING=mc,kc,nc</c> sets all three (for reproducible runs across
    /// machines) and <c>AUTODIFF_GEMM_AUTOTUNE=0</c> keeps the cache-derived values.
    /// </para>
    /// </remarks>
    private static class Tile<T>
        where T : unmanaged
    {
        /// <summary>Rows of the register tile.</summary>
        public static readonly int MR;

        /// <summary>Columns of the register tile.</summary>
        public static readonly int NR;

        /// <summary>Depth of a packed block.</summary>
        public static readonly int KC;

        /// <summary>Rows of a packed A block (a multiple of <see cref="MR"/>).</summary>
        public static int MC { get; private set; }

        /// <summary>Columns of a packed B block (a multiple of <see cref="NR"/>).</summary>
        public static int NC { get; private set; }

        /// <summary>Where the block sizes came from: the caches, the autotuning pass or the environment.</summary>
        public static readonly string Source;

#pragma warning disable CA1810 // The sizes depend on the hardware, so they are computed once here.
        static Tile()
#pragma warning restore CA1810
        {
            // Two vectors per register-tile row on every path (see Gemm.MicroKernel.cs).
            if (Vector512.IsHardwareAccelerated)
            {
                MR = Kernel512Rows;
                NR = 2 * Vector512<T>.Count;
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                MR = Kernel256Rows;
                NR = 2 * Vector256<T>.Count;
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                MR = Kernel256Rows;
                NR = 2 * Vector128<T>.Count;
            }
            else
            {
                MR = 4;
                NR = 4;
            }

            int size = sizeof(T);
            // Every KC block of the depth costs one pass that reads and writes the whole of C, so KC is as deep as
            // L2 allows: one B micro-panel (KC×NR) and two A micro-panels (MR×KC, the one in use and the next) in a
            // quarter of L2, at most 512. The micro-panels then outgrow L1, but a step of the micro-kernel reads only
            // (NR + MR)·size bytes in MR cycles (2·MR vector FMAs), which L2 delivers with room to spare, while a
            // shallower block (KC×NR in L1) paid twice the passes over C: 0.79 against 0.84 of peak for float64
            // n = 1024 on a Zen 5 with 48 KiB L1d. The packed A block (MC×KC) stays in L2 while every B micro-panel
            // passes it: half of L2, leaving the rest for B and C (an A block the size of L2 evicts itself). The
            // packed B block (KC×NC) is reused by every A block: half of this core's share of L3, at most 4 MiB
            // (a per-thread buffer).
            KC = Math.Clamp(RoundDown(CacheSizes.L2 / 4 / ((NR + (2 * MR)) * size), 8), 64, 512);
            MC = RoundDown(Math.Max(MR, CacheSizes.L2 / 2 / (KC * size)), MR);
            NC = Math.Max(4 * NR, RoundDown(Math.Min(CacheSizes.L3PerCore / 2, 4 << 20) / (KC * size), NR));
            Source = "caches";
            if (Environment.GetEnvironmentVariable("AUTODIFF_GEMM_BLOCKING") is { Length: > 0 } fixedSizes)
            {
                var parts = fixedSizes.Split(',');
                if (parts.Length != 3
                    || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var mc) || mc <= 0
                    || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var kc) || kc <= 0
                    || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var nc) || nc <= 0)
                {
                    throw new InvalidOperationException(
                        $"Gemm: AUTODIFF_GEMM_BLOCKING must be three positive integers 'mc,kc,nc' (e.g. '{MC},{KC},{NC}'), got '{fixedSizes}'.");
                }

                MC = RoundUp(mc, MR);
                KC = kc;
                NC = RoundUp(nc, NR);
                Source = "environment";
            }
            else if (Environment.GetEnvironmentVariable("AUTODIFF_GEMM_AUTOTUNE") != "0")
            {
                MC = Autotune(MC);
                Source = "caches+autotune";
            }
        }

        /// <summary>
        /// Times the product of an A block of <paramref name="mc"/> rows (one L2-sized block) against the same rows cut
        /// into two blocks, twice each in alternation, and returns the faster block height. About a millisecond.
        /// </summary>
        private static int Autotune(int mc)
        {
            int half = RoundUp(Math.Max(MR, mc / 2), MR);
            if (half >= mc)
            {
                return mc;
            }

            int m = mc;
            int n = 4 * NR;
            int k = KC;
            var a = GC.AllocateUninitializedArray<T>(m * k, pinned: true);
            var b = GC.AllocateUninitializedArray<T>(k * n, pinned: true);
            var c = GC.AllocateUninitializedArray<T>(m * n, pinned: true);
            new Span<T>(a).Clear();
            new Span<T>(b).Clear();
            long best = long.MaxValue;
            long bestHalf = long.MaxValue;
            fixed (T* pa = a)
            fixed (T* pb = b)
            fixed (T* pc = c)
            {
                for (int round = 0; round < 3; round++)
                {
                    foreach (var candidate in (ReadOnlySpan<int>)[mc, half])
                    {
                        MC = candidate;
                        long start = System.Diagnostics.Stopwatch.GetTimestamp();
                        Blocked(pa, k, false, pb, n, false, pc, n, m, n, k, accumulate: false);
                        long ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
                        // The first round only warms the code and the caches up.
                        if (round > 0 && candidate == mc)
                        {
                            best = Math.Min(best, ticks);
                        }
                        else if (round > 0)
                        {
                            bestHalf = Math.Min(bestHalf, ticks);
                        }
                    }
                }
            }

            return bestHalf < best ? half : mc;
        }
    }

    /// <summary>The register tile, block sizes and their source for <typeparamref name="T"/>, for reports.</summary>
    internal static string DescribeBlocking<T>()
        where T : unmanaged
        => $"MR={Tile<T>.MR} NR={Tile<T>.NR} MC={Tile<T>.MC} KC={Tile<T>.KC} NC={Tile<T>.NC} ({Tile<T>.Source}; L1 {CacheSizes.L1 / 1024} KiB, L2 {CacheSizes.L2 / 1024} KiB, L3/core {CacheSizes.L3PerCore / 1024} KiB)";

    /// <summary>Pack buffers owned by the current thread, allocated once on the pinned heap and reused.</summary>
    private static class Buffers<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static T[]? t_a;

        [ThreadStatic]
        private static T[]? t_b;

        [ThreadStatic]
        private static T[]? t_tile;

        /// <summary>Returns a 64-byte aligned buffer of at least <paramref name="count"/> elements for packed A.</summary>
        public static T* A(int count) => Get(ref t_a, count);

        /// <summary>Returns a 64-byte aligned buffer of at least <paramref name="count"/> elements for packed B.</summary>
        public static T* B(int count) => Get(ref t_b, count);

        /// <summary>Returns a 64-byte aligned buffer of at least <paramref name="count"/> elements for an edge tile.</summary>
        public static T* Tile(int count) => Get(ref t_tile, count);

        private static T* Get(ref T[]? array, int count)
        {
            int pad = 64 / sizeof(T);
            if (array is null || array.Length < count + pad)
            {
                // Grow to a power of two so that a thread settles on one buffer after a few sizes.
                int length = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)(count + pad)), (uint)Array.MaxLength);
                array = GC.AllocateUninitializedArray<T>(length, pinned: true);
            }

            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            return (T*)((address + 63) & ~(nint)63);
        }
    }

    private static int RoundDown(int value, int multiple) => value / multiple * multiple;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Single-threaded blocked product <c>C (+)= op(A)·op(B)</c> on an m×n window of C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<T>(
        T* a, int lda, bool transA, T* b, int ldb, bool transB, T* c, int ldc, int m, int n, int k, bool accumulate)
        where T : unmanaged
    {
        int mrTile = Tile<T>.MR;
        int nrTile = Tile<T>.NR;
        // Equal depth blocks (288 = 144 + 144, not 256 + 32): a thin last block would pay a full pass over C.
        int kBlocks = (k + Tile<T>.KC - 1) / Tile<T>.KC;
        int kcBlock = Math.Min(Tile<T>.KC, RoundUp((k + kBlocks - 1) / kBlocks, 8));
        int mcBlock = Tile<T>.MC;
        int ncBlock = Tile<T>.NC;

        int kcMax = Math.Min(kcBlock, k);
        T* packA = Buffers<T>.A(RoundUp(Math.Min(mcBlock, m), mrTile) * kcMax);
        T* packB = Buffers<T>.B(RoundUp(Math.Min(ncBlock, n), nrTile) * kcMax);
        T* tile = Buffers<T>.Tile(mrTile * nrTile);

        for (int jc = 0; jc < n; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, n - jc);
            for (int pc = 0; pc < k; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, k - pc);
                bool overwrite = pc == 0 && !accumulate;
                PackB(b, ldb, transB, pc, jc, kc, nc, packB);
                RowsTimesPackedB(a, lda, transA, c + jc, ldc, m, pc, kc, nc, packA, packB, tile, overwrite);
            }
        }
    }

    /// <summary>
    /// C[0..m, 0..nc] (+)= op(A)[0..m, pc..pc+kc]·(packed B block): packs A block by block and runs the
    /// micro-kernel over every (MR × NR) tile. <paramref name="c"/> points at the block's first column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsTimesPackedB<T>(
        T* a, int lda, bool transA, T* c, int ldc, int m, int pc, int kc, int nc, T* packA, T* packB, T* tile, bool overwrite)
        where T : unmanaged
    {
        int mrTile = Tile<T>.MR;
        int nrTile = Tile<T>.NR;
        int mcBlock = Tile<T>.MC;
        for (int ic = 0; ic < m; ic += mcBlock)
        {
            int mc = Math.Min(mcBlock, m - ic);
            PackA(a, lda, transA, ic, pc, mc, kc, packA);
            for (int jr = 0; jr < nc; jr += nrTile)
            {
                int nr = Math.Min(nrTile, nc - jr);
                T* panelB = packB + ((nint)jr * kc);
                for (int ir = 0; ir < mc; ir += mrTile)
                {
                    int mr = Math.Min(mrTile, mc - ir);
                    T* panelA = packA + ((nint)ir * kc);
                    T* tileC = c + ((nint)(ic + ir) * ldc) + jr;
                    int height = mr == mrTile ? mrTile : KernelRows(mr);
                    if (height == mr && nr == nrTile)
                    {
                        MicroKernel(height, kc, panelA, panelB, tileC, ldc, overwrite);
                    }
                    else
                    {
                        MicroKernel(height, kc, panelA, panelB, tile, nrTile, overwrite: true);
                        WriteBack(tile, nrTile, tileC, ldc, mr, nr, overwrite);
                    }
                }
            }
        }
    }

    /// <summary>Copies (or adds) the valid mr×nr corner of an edge tile into C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteBack<T>(T* tile, int ldt, T* c, int ldc, int mr, int nr, bool overwrite)
        where T : unmanaged
    {
        for (int r = 0; r < mr; r++)
        {
            T* src = tile + ((nint)r * ldt);
            T* dst = c + ((nint)r * ldc);
            if (overwrite)
            {
                new ReadOnlySpan<T>(src, nr).CopyTo(new Span<T>(dst, nr));
            }
            else if (typeof(T) == typeof(float))
            {
                for (int j = 0; j < nr; j++)
                {
                    ((float*)dst)[j] += ((float*)src)[j];
                }
            }
            else
            {
                for (int j = 0; j < nr; j++)
                {
                    ((double*)dst)[j] += ((double*)src)[j];
                }
            }
        }
    }
}
