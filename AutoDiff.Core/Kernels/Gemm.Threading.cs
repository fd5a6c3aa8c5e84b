namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>One validated product, shared with the worker threads.</summary>
    private struct Job
    {
        public void* A;
        public void* B;
        public void* C;
        public int Lda;
        public int Ldb;
        public int M;
        public int N;
        public int K;
        public bool TransA;
        public bool TransB;
        public bool Accumulate;
        public bool IsDouble;
        public int Parts;
    }

    /// <summary>The <see cref="WorkerPool"/> entry point: part <paramref name="part"/> of the <see cref="Job"/> at <paramref name="state"/>.</summary>
    private static void RunPart(void* state, int part)
    {
        ref readonly Job job = ref *(Job*)state;
        RunPart(job, part, job.Parts);
    }

    /// <summary>
    /// Runs part <paramref name="part"/> of <paramref name="parts"/>: a band of whole MR-row (or NR-column)
    /// tiles of C, computed with the full k-sum, so the split never changes a result bit.
    /// </summary>
    private static void RunPart(in Job job, int part, int parts)
    {
        if (job.IsDouble)
        {
            RunPart<double>(job, part, parts);
        }
        else
        {
            RunPart<float>(job, part, parts);
        }
    }

    private static void RunPart<T>(in Job job, int part, int parts)
        where T : unmanaged
    {
        T* a = (T*)job.A;
        T* b = (T*)job.B;
        T* c = (T*)job.C;
        int m = job.M;
        int n = job.N;
        int ldc = n;
        if (SplitRows(m, n, Tile<T>.MR, Tile<T>.NR, parts))
        {
            int unit = Tile<T>.MR;
            int units = (m + unit - 1) / unit;
            int start = (int)((long)units * part / parts) * unit;
            int end = Math.Min(m, (int)((long)units * (part + 1) / parts) * unit);
            if (end > start)
            {
                T* subA = job.TransA ? a + start : a + ((nint)start * job.Lda);
                Blocked(subA, job.Lda, job.TransA, b, job.Ldb, job.TransB, c + ((nint)start * ldc), ldc,
                    end - start, n, job.K, job.Accumulate);
            }
        }
        else
        {
            int unit = Tile<T>.NR;
            int units = (n + unit - 1) / unit;
            int start = (int)((long)units * part / parts) * unit;
            int end = Math.Min(n, (int)((long)units * (part + 1) / parts) * unit);
            if (end > start)
            {
                T* subB = job.TransB ? b + ((nint)start * job.Ldb) : b + start;
                Blocked(a, job.Lda, job.TransA, subB, job.Ldb, job.TransB, c + start, ldc,
                    m, end - start, job.K, job.Accumulate);
            }
        }
    }

    /// <summary>
    /// Whether to split C by rows (else by columns) between <paramref name="parts"/> threads: whichever gives the
    /// smaller largest part, counted in whole register tiles (edge tiles cost a full tile). At n = 128 with 12-row
    /// tiles, rows split 11 tiles as 6 + 5 (the slower thread does 72 of 128 rows), while 32-column tiles split 4 + 4.
    /// Ties go to columns: each thread then packs only its half of the L3-sized B block, and A in L2-sized blocks that
    /// it uses at once (about 4% faster for square n = 1024 on two Zen 5 cores, medians of three interleaved runs).
    /// </summary>
    private static bool SplitRows(int m, int n, int mr, int nr, int parts)
    {
        long rowTiles = (m + mr - 1) / mr;
        long columnTiles = (n + nr - 1) / nr;
        long byRows = ((rowTiles + parts - 1) / parts) * columnTiles;
        long byColumns = rowTiles * ((columnTiles + parts - 1) / parts);
        return byRows < byColumns;
    }
}
