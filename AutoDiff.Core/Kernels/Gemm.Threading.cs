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
    /// Runs part <paramref name="part"/> of <paramref name="parts"/>: a band of rows (a multiple of the smallest kernel
    /// height) or of whole NR-column tiles of C, computed with the full k-sum, so the split never changes a result bit.
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
            var (start, end) = Band(m, KernelRows(1), part, parts);
            if (end > start)
            {
                T* subA = job.TransA ? a + start : a + ((nint)start * job.Lda);
                Blocked(subA, job.Lda, job.TransA, b, job.Ldb, job.TransB, c + ((nint)start * ldc), ldc,
                    end - start, n, job.K, job.Accumulate);
            }
        }
        else
        {
            var (start, end) = Band(n, Tile<T>.NR, part, parts);
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
    /// smaller largest part, counted in the rows the micro-kernel computes (<see cref="RowCost"/>) times whole
    /// NR-column tiles. Rows split in units of the smallest kernel height, so at n = 128 with 12-row tiles each thread
    /// gets 64 rows (5 tiles and a 4-row one); 32-column tiles split 4 as 2 + 2 at the same cost.
    /// Ties go to columns: each thread then packs only its half of the L3-sized B block, and A in L2-sized blocks that
    /// it uses at once (about 4% faster for square n = 1024 on two Zen 5 cores, and 2–3% for float n = 128, medians
    /// of three interleaved runs).
    /// </summary>
    private static bool SplitRows(int m, int n, int mr, int nr, int parts)
    {
        long columnTiles = (n + nr - 1) / nr;
        long byRows = 0;
        for (int part = 0; part < parts; part++)
        {
            var (start, end) = Band(m, KernelRows(1), part, parts);
            byRows = Math.Max(byRows, RowCost(end - start, mr) * columnTiles);
        }

        long byColumns = RowCost(m, mr) * ((columnTiles + parts - 1) / parts);
        return byRows < byColumns;
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of [0, <paramref name="length"/>), cut at multiples of
    /// <paramref name="unit"/> into near-equal counts of units: [start, end), empty when there are fewer units than parts.
    /// </summary>
    private static (int Start, int End) Band(int length, int unit, int part, int parts)
    {
        long units = (length + unit - 1) / unit;
        int start = (int)(units * part / parts) * unit;
        int end = Math.Min(length, (int)(units * (part + 1) / parts) * unit);
        return (start, end);
    }

    /// <summary>Rows the micro-kernel computes for <paramref name="rows"/> rows of C: whole tiles, then the edge height.</summary>
    private static long RowCost(int rows, int mr)
    {
        int edge = rows % mr;
        return rows - edge + (edge == 0 ? 0 : KernelRows(edge));
    }
}
