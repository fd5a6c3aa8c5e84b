using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// Packs the mc×kc block of op(A) starting at (i0, p0) into MR-row micro-panels: within a panel,
    /// step p holds the MR values <c>op(A)[i0 + ir + r, p0 + p]</c> contiguously. Rows past mc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(T* a, int lda, bool transA, int i0, int p0, int mc, int kc, T* dst)
        where T : unmanaged
    {
        int mrTile = Tile<T>.MR;
        for (int ir = 0; ir < mc; ir += mrTile)
        {
            int rows = Math.Min(mrTile, mc - ir);
            T* panel = dst + ((nint)ir * kc);
            if (transA && rows == mrTile)
            {
                // op(A)[i, p] = a[p * lda + i]: each step is a contiguous run of MR values.
                T* src = a + ((nint)p0 * lda) + i0 + ir;
                int bytes = mrTile * sizeof(T);
                for (int p = 0; p < kc; p++)
                {
                    CopyRun((byte*)(src + ((nint)p * lda)), (byte*)(panel + ((nint)p * mrTile)), bytes);
                }
            }
            else if (transA)
            {
                // op(A)[i, p] = a[p * lda + i]: each step is a contiguous run of rows.
                T* src = a + ((nint)p0 * lda) + i0 + ir;
                for (int p = 0; p < kc; p++)
                {
                    T* from = src + ((nint)p * lda);
                    T* to = panel + ((nint)p * mrTile);
                    int r = 0;
                    for (; r < rows; r++)
                    {
                        to[r] = from[r];
                    }

                    for (; r < mrTile; r++)
                    {
                        to[r] = default;
                    }
                }
            }
            else if (rows == mrTile && CanTranspose4<T>(mrTile & ~3) && (mrTile & 1) == 0)
            {
                // op(A)[i, p] = a[i * lda + p]: transpose 4×4 blocks of rows into the panel, and interleave a
                // last pair of rows 2×4 at a time (MR = 6 on AVX2).
                T* src = a + ((nint)(i0 + ir) * lda) + p0;
                int p4 = kc & ~3;
                int row = 0;
                for (; row + 4 <= mrTile; row += 4)
                {
                    T* from = src + ((nint)row * lda);
                    for (int p = 0; p < p4; p += 4)
                    {
                        Transpose4(from + p, lda, panel + ((nint)p * mrTile) + row, mrTile);
                    }
                }

                if (row < mrTile)
                {
                    T* from = src + ((nint)row * lda);
                    for (int p = 0; p < p4; p += 4)
                    {
                        Interleave2x4(from + p, lda, panel + ((nint)p * mrTile) + row, mrTile);
                    }
                }

                for (int p = p4; p < kc; p++)
                {
                    for (int r = 0; r < mrTile; r++)
                    {
                        panel[((nint)p * mrTile) + r] = src[((nint)r * lda) + p];
                    }
                }
            }
            else
            {
                // op(A)[i, p] = a[i * lda + p]: read each row contiguously, write with stride MR.
                for (int r = 0; r < mrTile; r++)
                {
                    T* to = panel + r;
                    if (r < rows)
                    {
                        T* from = a + ((nint)(i0 + ir + r) * lda) + p0;
                        for (int p = 0; p < kc; p++)
                        {
                            to[(nint)p * mrTile] = from[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            to[(nint)p * mrTile] = default;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs the kc×nc block of op(B) starting at (p0, j0) into NR-column micro-panels: within a panel,
    /// step p holds the NR values <c>op(B)[p0 + p, j0 + jr + j]</c> contiguously. Columns past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(T* b, int ldb, bool transB, int p0, int j0, int kc, int nc, T* dst)
        where T : unmanaged
    {
        int nrTile = Tile<T>.NR;
        for (int jr = 0; jr < nc; jr += nrTile)
        {
            int cols = Math.Min(nrTile, nc - jr);
            T* panel = dst + ((nint)jr * kc);
            if (!transB)
            {
                // op(B)[p, j] = b[p * ldb + j]: each step is a contiguous run of columns.
                T* src = b + ((nint)p0 * ldb) + j0 + jr;
                if (cols == nrTile)
                {
                    int bytes = nrTile * sizeof(T);
                    for (int p = 0; p < kc; p++)
                    {
                        CopyRun((byte*)(src + ((nint)p * ldb)), (byte*)(panel + ((nint)p * nrTile)), bytes);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* from = src + ((nint)p * ldb);
                        T* to = panel + ((nint)p * nrTile);
                        int j = 0;
                        for (; j < cols; j++)
                        {
                            to[j] = from[j];
                        }

                        for (; j < nrTile; j++)
                        {
                            to[j] = default;
                        }
                    }
                }
            }
            else if (cols == nrTile && CanTranspose4<T>(nrTile))
            {
                // op(B)[p, j] = b[j * ldb + p]: transpose 4×4 blocks of stored rows into the panel.
                T* src = b + ((nint)(j0 + jr) * ldb) + p0;
                int p4 = kc & ~3;
                for (int j = 0; j < nrTile; j += 4)
                {
                    T* from = src + ((nint)j * ldb);
                    for (int p = 0; p < p4; p += 4)
                    {
                        Transpose4(from + p, ldb, panel + ((nint)p * nrTile) + j, nrTile);
                    }
                }

                for (int p = p4; p < kc; p++)
                {
                    for (int j = 0; j < nrTile; j++)
                    {
                        panel[((nint)p * nrTile) + j] = src[((nint)j * ldb) + p];
                    }
                }
            }
            else
            {
                // op(B)[p, j] = b[j * ldb + p]: read each stored row contiguously, write with stride NR.
                for (int j = 0; j < nrTile; j++)
                {
                    T* to = panel + j;
                    if (j < cols)
                    {
                        T* from = b + ((nint)(j0 + jr + j) * ldb) + p0;
                        for (int p = 0; p < kc; p++)
                        {
                            to[(nint)p * nrTile] = from[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            to[(nint)p * nrTile] = default;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies a run of <paramref name="bytes"/> bytes (a multiple of 8, as a panel row of MR or NR values is) with
    /// the widest vector moves that fit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(byte* src, byte* dst, int bytes)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 64 <= bytes; i += 64)
            {
                Vector512.Store(Vector512.Load(src + i), dst + i);
            }
        }

        for (; i + 32 <= bytes; i += 32)
        {
            Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        for (; i + 16 <= bytes; i += 16)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
        }

        for (; i < bytes; i += 8)
        {
            *(long*)(dst + i) = *(long*)(src + i);
        }
    }

    /// <summary>Whether <see cref="Transpose4{T}"/> has a vector path for T and the panel width is a positive multiple of 4.</summary>
    private static bool CanTranspose4<T>(int width)
        where T : unmanaged
        => width > 0 && (width & 3) == 0 && (typeof(T) == typeof(float) ? Sse.IsSupported : Avx.IsSupported);

    /// <summary>
    /// Writes the 4×2 transpose of the 2×4 block at <paramref name="src"/> (row stride <paramref name="lds"/>):
    /// <c>dst[j * ldd + i] = src[i * lds + j]</c> for i &lt; 2, j &lt; 4. Needs the same support as
    /// <see cref="Transpose4{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave2x4<T>(T* src, nint lds, T* dst, nint ldd)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float* s = (float*)src;
            float* d = (float*)dst;
            Vector128<float> r0 = Sse.LoadVector128(s);
            Vector128<float> r1 = Sse.LoadVector128(s + lds);
            Vector128<double> low = Sse.UnpackLow(r0, r1).AsDouble();
            Vector128<double> high = Sse.UnpackHigh(r0, r1).AsDouble();
            *(double*)d = low.ToScalar();
            *(double*)(d + ldd) = low.GetElement(1);
            *(double*)(d + (2 * ldd)) = high.ToScalar();
            *(double*)(d + (3 * ldd)) = high.GetElement(1);
        }
        else
        {
            double* s = (double*)src;
            double* d = (double*)dst;
            Vector256<double> r0 = Avx.LoadVector256(s);
            Vector256<double> r1 = Avx.LoadVector256(s + lds);
            Vector256<double> low = Avx.UnpackLow(r0, r1);
            Vector256<double> high = Avx.UnpackHigh(r0, r1);
            Sse2.Store(d, low.GetLower());
            Sse2.Store(d + ldd, high.GetLower());
            Sse2.Store(d + (2 * ldd), low.GetUpper());
            Sse2.Store(d + (3 * ldd), high.GetUpper());
        }
    }

    /// <summary>
    /// Writes the transpose of the 4×4 block at <paramref name="src"/> (row stride <paramref name="lds"/>) to
    /// <paramref name="dst"/> (row stride <paramref name="ldd"/>): <c>dst[j, i] = src[i, j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4<T>(T* src, nint lds, T* dst, nint ldd)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float* s = (float*)src;
            float* d = (float*)dst;
            Vector128<float> r0 = Sse.LoadVector128(s);
            Vector128<float> r1 = Sse.LoadVector128(s + lds);
            Vector128<float> r2 = Sse.LoadVector128(s + (2 * lds));
            Vector128<float> r3 = Sse.LoadVector128(s + (3 * lds));
            Vector128<float> t0 = Sse.UnpackLow(r0, r1);
            Vector128<float> t1 = Sse.UnpackLow(r2, r3);
            Vector128<float> t2 = Sse.UnpackHigh(r0, r1);
            Vector128<float> t3 = Sse.UnpackHigh(r2, r3);
            Sse.Store(d, Sse.MoveLowToHigh(t0, t1));
            Sse.Store(d + ldd, Sse.MoveHighToLow(t1, t0));
            Sse.Store(d + (2 * ldd), Sse.MoveLowToHigh(t2, t3));
            Sse.Store(d + (3 * ldd), Sse.MoveHighToLow(t3, t2));
        }
        else
        {
            double* s = (double*)src;
            double* d = (double*)dst;
            Vector256<double> r0 = Avx.LoadVector256(s);
            Vector256<double> r1 = Avx.LoadVector256(s + lds);
            Vector256<double> r2 = Avx.LoadVector256(s + (2 * lds));
            Vector256<double> r3 = Avx.LoadVector256(s + (3 * lds));
            Vector256<double> t0 = Avx.UnpackLow(r0, r1);
            Vector256<double> t1 = Avx.UnpackHigh(r0, r1);
            Vector256<double> t2 = Avx.UnpackLow(r2, r3);
            Vector256<double> t3 = Avx.UnpackHigh(r2, r3);
            Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
            Avx.Store(d + ldd, Avx.Permute2x128(t1, t3, 0x20));
            Avx.Store(d + (2 * ldd), Avx.Permute2x128(t0, t2, 0x31));
            Avx.Store(d + (3 * ldd), Avx.Permute2x128(t1, t3, 0x31));
        }
    }
}
