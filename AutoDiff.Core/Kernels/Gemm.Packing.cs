using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>Source rows that <see cref="PackRuns{T}"/> deals to the panels together.</summary>
    private const int PackRowGroup = 8;

    /// <summary>
    /// Packs the mc×kc block of op(A) starting at (i0, p0) into MR-row micro-panels: within a panel,
    /// step p holds the MR values <c>op(A)[i0 + ir + r, p0 + p]</c> contiguously. Rows past mc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(T* a, int lda, bool transA, int i0, int p0, int mc, int kc, T* dst)
        where T : unmanaged
    {
        int mrTile = Tile<T>.MR;
        if (transA)
        {
            // op(A)[i, p] = a[p * lda + i]: each step is a contiguous run of rows, all panels at once.
            PackRuns(a + ((nint)p0 * lda) + i0, lda, kc, mc, mrTile, dst);
            return;
        }

        // op(A)[i, p] = a[i * lda + p]: each micro-panel gathers one value per step from each of MR rows.
        for (int ir = 0; ir < mc; ir += mrTile)
        {
            T* src = a + ((nint)(i0 + ir) * lda) + p0;
            PackPanelTransposed(src, lda, Math.Min(mrTile, mc - ir), kc, mrTile, dst + ((nint)ir * kc));
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
        if (!transB)
        {
            // op(B)[p, j] = b[p * ldb + j]: each step is a contiguous run of columns, all panels at once.
            PackRuns(b + ((nint)p0 * ldb) + j0, ldb, kc, nc, nrTile, dst);
            return;
        }

        // op(B)[p, j] = b[j * ldb + p]: each micro-panel gathers one value per step from each of NR stored rows.
        for (int jr = 0; jr < nc; jr += nrTile)
        {
            T* src = b + ((nint)(j0 + jr) * ldb) + p0;
            PackPanelTransposed(src, ldb, Math.Min(nrTile, nc - jr), kc, nrTile, dst + ((nint)jr * kc));
        }
    }

    /// <summary>
    /// Packs one panel <paramref name="width"/> values wide from <paramref name="count"/> (at most
    /// <paramref name="width"/>) source rows <paramref name="ld"/> apart: step p of the panel holds
    /// <c>src[r·ld + p]</c> for r &lt; <paramref name="count"/>, then zeros. Rows go through vector transposes in
    /// fours (and a last pair), edge panels included; the leftover rows and steps are copied one value at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPanelTransposed<T>(T* src, nint ld, int count, int steps, int width, T* panel)
        where T : unmanaged
    {
        int done = 0;
        if (CanTranspose<T>())
        {
            int steps4 = steps & ~3;
            done = count & ~3;
            TransposeStrips(src, ld, done, steps4, panel, width);
            if (count - done >= 2)
            {
                for (int p = 0; p < steps4; p += 4)
                {
                    Interleave2x4(src + (done * ld) + p, ld, panel + ((nint)p * width) + done, width);
                }

                done += 2;
            }

            for (int p = steps4; p < steps; p++)
            {
                for (int r = 0; r < done; r++)
                {
                    panel[((nint)p * width) + r] = src[(r * ld) + p];
                }
            }
        }

        for (int r = done; r < count; r++)
        {
            for (int p = 0; p < steps; p++)
            {
                panel[((nint)p * width) + r] = src[(r * ld) + p];
            }
        }

        for (int r = count; r < width; r++)
        {
            for (int p = 0; p < steps; p++)
            {
                panel[((nint)p * width) + r] = default;
            }
        }
    }

    /// <summary>
    /// Packs <paramref name="steps"/> source rows, each a contiguous run of <paramref name="width"/> values starting
    /// <paramref name="ld"/> apart, into panels <paramref name="panel"/> values wide: panel q holds at step p the values
    /// <c>src[p·ld + q·panel + j]</c>, zero past <paramref name="width"/>.
    /// </summary>
    /// <remarks>
    /// A group of <see cref="PackRowGroup"/> rows is dealt to every panel in turn: the reads stream along that many
    /// rows at once and each panel receives one contiguous run of the group's rows. Walking a panel at a time, as
    /// before, jumps a whole row (often a page) per step: 0.27 ms against 0.18 ms for a 512×1024 float64 block of B
    /// from cold memory, 0.10 against 0.08 ms from L3 (Zen 5). Walking a row at a time writes to every panel, a panel
    /// size apart, per step, and was no faster.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRuns<T>(T* src, nint ld, int steps, int width, int panel, T* dst)
        where T : unmanaged
    {
        int full = width / panel;
        int rest = width - (full * panel);
        int bytes = panel * sizeof(T);
        nint panelSize = (nint)panel * steps;
        for (int p0 = 0; p0 < steps; p0 += PackRowGroup)
        {
            int rows = Math.Min(PackRowGroup, steps - p0);
            T* from = src + (p0 * ld);
            T* to = dst + ((nint)p0 * panel);
            for (int q = 0; q < full; q++)
            {
                T* fromPanel = from + ((nint)q * panel);
                T* toPanel = to + (q * panelSize);
                for (int r = 0; r < rows; r++)
                {
                    CopyRun((byte*)(fromPanel + (r * ld)), (byte*)(toPanel + ((nint)r * panel)), bytes);
                }
            }

            if (rest > 0)
            {
                T* edge = to + (full * panelSize);
                for (int r = 0; r < rows; r++)
                {
                    T* row = edge + ((nint)r * panel);
                    new ReadOnlySpan<T>(from + (r * ld) + ((nint)full * panel), rest).CopyTo(new Span<T>(row, rest));
                    new Span<T>(row + rest, panel - rest).Clear();
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

    /// <summary>Whether <see cref="Transpose4{T}"/> and <see cref="Interleave2x4{T}"/> have a vector path for T.</summary>
    private static bool CanTranspose<T>()
        where T : unmanaged
        => typeof(T) == typeof(float) ? Sse.IsSupported : Avx.IsSupported;

    /// <summary>
    /// Writes the transpose of the <paramref name="rows"/>×<paramref name="columns"/> block at <paramref name="src"/>
    /// (both multiples of 4; row stride <paramref name="lds"/>) to <paramref name="dst"/> (row stride
    /// <paramref name="ldd"/>): <c>dst[p, r] = src[r, p]</c>. Float on AVX goes 8×8 where it can (32-byte stores,
    /// half as many as 4×4 blocks: packing op(A) was a seventh of a two-thread float n = 128 product); the rest 4×4.
    /// Needs <see cref="CanTranspose{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeStrips<T>(T* src, nint lds, int rows, int columns, T* dst, nint ldd)
        where T : unmanaged
    {
        int row = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            int columns8 = columns & ~7;
            for (; row + 8 <= rows; row += 8)
            {
                float* from = (float*)src + (row * lds);
                float* to = (float*)dst + row;
                for (int p = 0; p < columns8; p += 8)
                {
                    Transpose8(from + p, lds, to + (p * ldd), ldd);
                }

                if (columns8 < columns)
                {
                    Transpose4(from + columns8, lds, to + (columns8 * ldd), ldd);
                    Transpose4(from + (4 * lds) + columns8, lds, to + (columns8 * ldd) + 4, ldd);
                }
            }
        }

        for (; row < rows; row += 4)
        {
            T* from = src + (row * lds);
            T* to = dst + row;
            for (int p = 0; p < columns; p += 4)
            {
                Transpose4(from + p, lds, to + (p * ldd), ldd);
            }
        }
    }

    /// <summary>
    /// Writes the transpose of the 8×8 float block at <paramref name="src"/> (row stride <paramref name="lds"/>) to
    /// <paramref name="dst"/> (row stride <paramref name="ldd"/>): <c>dst[j, i] = src[i, j]</c>. Needs AVX.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float* src, nint lds, float* dst, nint ldd)
    {
        // Pairs of rows interleaved, then quadruples, then the 128-bit halves exchanged.
        Vector256<float> t0 = Avx.UnpackLow(Avx.LoadVector256(src), Avx.LoadVector256(src + lds));
        Vector256<float> t1 = Avx.UnpackHigh(Avx.LoadVector256(src), Avx.LoadVector256(src + lds));
        Vector256<float> t2 = Avx.UnpackLow(Avx.LoadVector256(src + (2 * lds)), Avx.LoadVector256(src + (3 * lds)));
        Vector256<float> t3 = Avx.UnpackHigh(Avx.LoadVector256(src + (2 * lds)), Avx.LoadVector256(src + (3 * lds)));
        Vector256<float> t4 = Avx.UnpackLow(Avx.LoadVector256(src + (4 * lds)), Avx.LoadVector256(src + (5 * lds)));
        Vector256<float> t5 = Avx.UnpackHigh(Avx.LoadVector256(src + (4 * lds)), Avx.LoadVector256(src + (5 * lds)));
        Vector256<float> t6 = Avx.UnpackLow(Avx.LoadVector256(src + (6 * lds)), Avx.LoadVector256(src + (7 * lds)));
        Vector256<float> t7 = Avx.UnpackHigh(Avx.LoadVector256(src + (6 * lds)), Avx.LoadVector256(src + (7 * lds)));
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * ldd), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * ldd), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * ldd), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * ldd), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * ldd), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * ldd), Avx.Permute2x128(s3, s7, 0x31));
    }

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
