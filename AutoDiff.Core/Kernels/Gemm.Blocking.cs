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
    /// <c>KC×NR</c> (one packed B micro-panel) is sized for L1, <c>MC×KC</c> (the packed A block) for
    /// L2 and <c>KC×NC</c> (the packed B block) for L3.
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
        public static readonly int MC;

        /// <summary>Columns of a packed B block (a multiple of <see cref="NR"/>).</summary>
        public static readonly int NC;

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
            // The packed B micro-panel (KC×NR) streams through L1 next to the A micro-panels: at most two thirds
            // of L1, and 256 deep at most. The packed A block (MC×KC) stays in L2 while every B micro-panel
            // passes it: half of L2, leaving the rest for B and C (an A block the size of L2 evicts itself).
            KC = Math.Clamp(RoundDown(CacheSizes.L1 * 2 / 3 / (NR * size), 8), 64, 256);
            MC = RoundDown(Math.Max(MR, CacheSizes.L2 / 2 / (KC * size)), MR);
            NC = RoundDown(4096 * 4 / size, NR);
        }
    }

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
                    if (mr == mrTile && nr == nrTile)
                    {
                        MicroKernel(kc, panelA, panelB, tileC, ldc, overwrite);
                    }
                    else
                    {
                        MicroKernel(kc, panelA, panelB, tile, nrTile, overwrite: true);
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
