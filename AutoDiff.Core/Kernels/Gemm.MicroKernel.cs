using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    // One micro-kernel source for every vector width (Gemm.KernelVector.cs), tile height (Gemm.TileRows.cs) and
    // element type: the JIT specialises it for each and folds the typeof and height tests away. Every accumulator of
    // a register tile is its own local so that the JIT keeps the whole tile in vector registers: 12×2 on Vector512
    // (24 of 32 registers), 6×2 on Vector256 and Vector128 (12 of 16, which leaves room for the two B vectors and the
    // broadcast A value on SSE and AdvSIMD alike).

    /// <summary>Rows of the <see cref="Vector512{T}"/> register tile.</summary>
    private const int Kernel512Rows = 12;

    /// <summary>Rows of the <see cref="Vector256{T}"/> and <see cref="Vector128{T}"/> register tiles.</summary>
    private const int Kernel256Rows = 6;

    /// <summary>Whether vector fused multiply-add is one instruction here (x86 FMA3 or ARM64 AdvSIMD).</summary>
    private static bool HasFma => System.Runtime.Intrinsics.X86.Fma.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>
    /// The tile height the micro-kernel computes for an edge of <paramref name="rows"/> rows (at most MR): the next
    /// multiple of 4 on <see cref="Vector512{T}"/>, of 2 on narrower vectors, MR in scalar code. A 128-row product
    /// then ends in an 8-row tile, not a 12-row one of which a third is padding.
    /// </summary>
    private static int KernelRows(int rows)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return RoundUp(rows, 4);
        }

        return Vector128.IsHardwareAccelerated ? RoundUp(rows, 2) : 4;
    }

    /// <summary>
    /// Calls the widest accelerated micro-kernel for a tile <paramref name="rows"/> high (MR, or a smaller height
    /// from <see cref="KernelRows"/>); the packed A micro-panel keeps its MR values per step either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel<T>(int rows, int kc, T* a, T* b, T* c, int ldc, bool overwrite)
        where T : unmanaged
    {
        if (Vector512.IsHardwareAccelerated)
        {
            switch (rows)
            {
                case 4:
                    Kernel<T, Vector512<T>, Width512<T>, Rows4>(kc, a, b, c, ldc, overwrite);
                    break;
                case 8:
                    Kernel<T, Vector512<T>, Width512<T>, Rows8>(kc, a, b, c, ldc, overwrite);
                    break;
                default:
                    Kernel<T, Vector512<T>, Width512<T>, Rows12>(kc, a, b, c, ldc, overwrite);
                    break;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            switch (rows)
            {
                case 2:
                    Kernel<T, Vector256<T>, Width256<T>, Rows2>(kc, a, b, c, ldc, overwrite);
                    break;
                case 4:
                    Kernel<T, Vector256<T>, Width256<T>, Rows4>(kc, a, b, c, ldc, overwrite);
                    break;
                default:
                    Kernel<T, Vector256<T>, Width256<T>, Rows6>(kc, a, b, c, ldc, overwrite);
                    break;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            switch (rows)
            {
                case 2:
                    Kernel<T, Vector128<T>, Width128<T>, Rows2>(kc, a, b, c, ldc, overwrite);
                    break;
                case 4:
                    Kernel<T, Vector128<T>, Width128<T>, Rows4>(kc, a, b, c, ldc, overwrite);
                    break;
                default:
                    Kernel<T, Vector128<T>, Width128<T>, Rows6>(kc, a, b, c, ldc, overwrite);
                    break;
            }
        }
        else if (typeof(T) == typeof(float))
        {
            KernelScalar(kc, (float*)a, (float*)b, (float*)c, ldc, overwrite);
        }
        else
        {
            KernelScalar(kc, (double*)a, (double*)b, (double*)c, ldc, overwrite);
        }
    }

    /// <summary>Starts fetching the rows of a C tile (first and last element of each) where the ISA has a prefetch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile<T>(T* c, int ldc, int rows, int columns)
        where T : unmanaged
    {
        if (Sse.IsSupported)
        {
            for (int r = 0; r < rows; r++)
            {
                Sse.Prefetch0(c + ((nint)r * ldc));
                Sse.Prefetch0(c + ((nint)r * ldc) + columns - 1);
            }
        }
    }

    /// <summary>
    /// The micro-kernel, one source for every vector width (<typeparamref name="TWidth"/>) and tile height
    /// (<typeparamref name="TRows"/>: up to 12 rows on <see cref="Vector512{T}"/>, 6 on narrower vectors), for either
    /// element type: C[0..rows, 0..NR] (+)= A-panel·B-panel over <paramref name="kc"/> steps, one fused multiply-add
    /// per accumulator and step. The JIT compiles one body per combination and drops the rows past the height.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, <c>TWidth.TileRows</c> values per step (the first <c>TRows.Count</c> used).</param>
    /// <param name="b">Packed B micro-panel, NR values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<T, TVector, TWidth, TRows>(int kc, T* a, T* b, T* c, int ldc, bool overwrite)
        where T : unmanaged
        where TVector : struct
        where TWidth : struct, IKernelVector<TVector, T>
        where TRows : struct, ITileRows
    {
        int w = TWidth.Count;

        // The C tile is read (or written) after the k loop: for long loops, where its cache misses would show,
        // start fetching its rows now.
        if (kc >= 128)
        {
            PrefetchTile(c, ldc, TRows.Count, 2 * w);
        }

        TVector c0_0 = TWidth.Zero, c0_1 = TWidth.Zero;
        TVector c1_0 = TWidth.Zero, c1_1 = TWidth.Zero;
        TVector c2_0 = TWidth.Zero, c2_1 = TWidth.Zero;
        TVector c3_0 = TWidth.Zero, c3_1 = TWidth.Zero;
        TVector c4_0 = TWidth.Zero, c4_1 = TWidth.Zero;
        TVector c5_0 = TWidth.Zero, c5_1 = TWidth.Zero;
        TVector c6_0 = TWidth.Zero, c6_1 = TWidth.Zero;
        TVector c7_0 = TWidth.Zero, c7_1 = TWidth.Zero;
        TVector c8_0 = TWidth.Zero, c8_1 = TWidth.Zero;
        TVector c9_0 = TWidth.Zero, c9_1 = TWidth.Zero;
        TVector c10_0 = TWidth.Zero, c10_1 = TWidth.Zero;
        TVector c11_0 = TWidth.Zero, c11_1 = TWidth.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVector b0 = TWidth.Load(b);
            TVector b1 = TWidth.Load(b + w);
            TVector a0 = TWidth.Broadcast(a[0]);
            c0_0 = TWidth.MultiplyAdd(a0, b0, c0_0);
            c0_1 = TWidth.MultiplyAdd(a0, b1, c0_1);
            TVector a1 = TWidth.Broadcast(a[1]);
            c1_0 = TWidth.MultiplyAdd(a1, b0, c1_0);
            c1_1 = TWidth.MultiplyAdd(a1, b1, c1_1);
            if (TRows.Count > 2)
            {
                TVector a2 = TWidth.Broadcast(a[2]);
                c2_0 = TWidth.MultiplyAdd(a2, b0, c2_0);
                c2_1 = TWidth.MultiplyAdd(a2, b1, c2_1);
                TVector a3 = TWidth.Broadcast(a[3]);
                c3_0 = TWidth.MultiplyAdd(a3, b0, c3_0);
                c3_1 = TWidth.MultiplyAdd(a3, b1, c3_1);
            }

            if (TRows.Count > 4)
            {
                TVector a4 = TWidth.Broadcast(a[4]);
                c4_0 = TWidth.MultiplyAdd(a4, b0, c4_0);
                c4_1 = TWidth.MultiplyAdd(a4, b1, c4_1);
                TVector a5 = TWidth.Broadcast(a[5]);
                c5_0 = TWidth.MultiplyAdd(a5, b0, c5_0);
                c5_1 = TWidth.MultiplyAdd(a5, b1, c5_1);
            }

            if (TRows.Count > 6)
            {
                TVector a6 = TWidth.Broadcast(a[6]);
                c6_0 = TWidth.MultiplyAdd(a6, b0, c6_0);
                c6_1 = TWidth.MultiplyAdd(a6, b1, c6_1);
                TVector a7 = TWidth.Broadcast(a[7]);
                c7_0 = TWidth.MultiplyAdd(a7, b0, c7_0);
                c7_1 = TWidth.MultiplyAdd(a7, b1, c7_1);
            }

            if (TRows.Count > 8)
            {
                TVector a8 = TWidth.Broadcast(a[8]);
                c8_0 = TWidth.MultiplyAdd(a8, b0, c8_0);
                c8_1 = TWidth.MultiplyAdd(a8, b1, c8_1);
                TVector a9 = TWidth.Broadcast(a[9]);
                c9_0 = TWidth.MultiplyAdd(a9, b0, c9_0);
                c9_1 = TWidth.MultiplyAdd(a9, b1, c9_1);
            }

            if (TRows.Count > 10)
            {
                TVector a10 = TWidth.Broadcast(a[10]);
                c10_0 = TWidth.MultiplyAdd(a10, b0, c10_0);
                c10_1 = TWidth.MultiplyAdd(a10, b1, c10_1);
                TVector a11 = TWidth.Broadcast(a[11]);
                c11_0 = TWidth.MultiplyAdd(a11, b0, c11_0);
                c11_1 = TWidth.MultiplyAdd(a11, b1, c11_1);
            }

            a += TWidth.TileRows;
            b += 2 * w;
        }

        TWidth.Put(c0_0, c0_1, c, overwrite);
        TWidth.Put(c1_0, c1_1, c + ldc, overwrite);
        if (TRows.Count > 2)
        {
            TWidth.Put(c2_0, c2_1, c + (2 * ldc), overwrite);
            TWidth.Put(c3_0, c3_1, c + (3 * ldc), overwrite);
        }

        if (TRows.Count > 4)
        {
            TWidth.Put(c4_0, c4_1, c + (4 * ldc), overwrite);
            TWidth.Put(c5_0, c5_1, c + (5 * ldc), overwrite);
        }

        if (TRows.Count > 6)
        {
            TWidth.Put(c6_0, c6_1, c + (6 * ldc), overwrite);
            TWidth.Put(c7_0, c7_1, c + (7 * ldc), overwrite);
        }

        if (TRows.Count > 8)
        {
            TWidth.Put(c8_0, c8_1, c + (8 * ldc), overwrite);
            TWidth.Put(c9_0, c9_1, c + (9 * ldc), overwrite);
        }

        if (TRows.Count > 10)
        {
            TWidth.Put(c10_0, c10_1, c + (10 * ldc), overwrite);
            TWidth.Put(c11_0, c11_1, c + (11 * ldc), overwrite);
        }
    }

    /// <summary>
    /// 4×4 register tile in scalar code for either element type (no SIMD at all):
    /// C[0..4, 0..4] (+)= A-panel·B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 4 values per step.</param>
    /// <param name="b">Packed B micro-panel, 4 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelScalar<T>(int kc, T* a, T* b, T* c, int ldc, bool overwrite)
        where T : unmanaged, INumber<T>
    {
        T c0_0 = T.Zero, c0_1 = T.Zero, c0_2 = T.Zero, c0_3 = T.Zero;
        T c1_0 = T.Zero, c1_1 = T.Zero, c1_2 = T.Zero, c1_3 = T.Zero;
        T c2_0 = T.Zero, c2_1 = T.Zero, c2_2 = T.Zero, c2_3 = T.Zero;
        T c3_0 = T.Zero, c3_1 = T.Zero, c3_2 = T.Zero, c3_3 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0];
            T b1 = b[1];
            T b2 = b[2];
            T b3 = b[3];
            T a0 = a[0];
            c0_0 += a0 * b0;
            c0_1 += a0 * b1;
            c0_2 += a0 * b2;
            c0_3 += a0 * b3;
            T a1 = a[1];
            c1_0 += a1 * b0;
            c1_1 += a1 * b1;
            c1_2 += a1 * b2;
            c1_3 += a1 * b3;
            T a2 = a[2];
            c2_0 += a2 * b0;
            c2_1 += a2 * b1;
            c2_2 += a2 * b2;
            c2_3 += a2 * b3;
            T a3 = a[3];
            c3_0 += a3 * b0;
            c3_1 += a3 * b1;
            c3_2 += a3 * b2;
            c3_3 += a3 * b3;
            a += 4;
            b += 4;
        }

        PutScalar(c0_0, c0_1, c0_2, c0_3, c, overwrite);
        PutScalar(c1_0, c1_1, c1_2, c1_3, c + ldc, overwrite);
        PutScalar(c2_0, c2_1, c2_2, c2_3, c + (2 * ldc), overwrite);
        PutScalar(c3_0, c3_1, c3_2, c3_3, c + (3 * ldc), overwrite);
    }

    /// <summary>Stores (or adds) one row of the scalar tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutScalar<T>(T v0, T v1, T v2, T v3, T* row, bool overwrite)
        where T : unmanaged, INumber<T>
    {
        if (overwrite)
        {
            row[0] = v0;
            row[1] = v1;
            row[2] = v2;
            row[3] = v3;
        }
        else
        {
            row[0] += v0;
            row[1] += v1;
            row[2] += v2;
            row[3] += v3;
        }
    }
}
