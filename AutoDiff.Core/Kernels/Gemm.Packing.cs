using System.Runtime.CompilerServices;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// Packs the mc×kc block of op(A) starting at (i0, p0) into MR-row micro-panels: within a panel,
    /// step p holds the MR values <c>op(A)[i0 + ir + r, p0 + p]</c> contiguously. Rows past mc are zero.
    /// </summary>
    private static void PackA<T>(T* a, int lda, bool transA, int i0, int p0, int mc, int kc, T* dst)
        where T : unmanaged
    {
        int mrTile = Tile<T>.MR;
        for (int ir = 0; ir < mc; ir += mrTile)
        {
            int rows = Math.Min(mrTile, mc - ir);
            T* panel = dst + ((nint)ir * kc);
            if (transA)
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
                    uint bytes = (uint)(nrTile * sizeof(T));
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.CopyBlockUnaligned(panel + ((nint)p * nrTile), src + ((nint)p * ldb), bytes);
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
}
