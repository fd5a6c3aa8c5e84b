using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        public SharedA* Shared;
    }

    /// <summary>
    /// op(A) packed once for all the threads of a column split: the parts would otherwise each pack the whole of A
    /// (at batch 128, about 8 µs of a 130 µs 128×784×256 product, twice).
    /// </summary>
    private struct SharedA
    {
        /// <summary>The packed values: depth block at pc starts at pc·Panels·MR, its micro-panel at row ir at ir·kc.</summary>
        public void* Values;

        /// <summary>One state per depth block and micro-panel: 0 to pack, 1 being packed, 2 packed.</summary>
        public int* States;

        /// <summary>A micro-panels per depth block (m rounded up to MR, over MR).</summary>
        public int Panels;
    }

    /// <summary>The micro-panel states of the shared A, owned by the calling thread and pinned.</summary>
    [ThreadStatic]
    private static int[]? t_sharedStates;

    /// <summary>
    /// Prepares the shared packed A for a column split, in the calling thread's buffers; false when the split is by rows
    /// or the packed A would not fit in L2 (then a part reading the other's micro-panels would fetch them from L3 for
    /// every A block, where packing its own keeps them in its L2).
    /// </summary>
    private static bool TryShareA<T>(int m, int n, int k, int parts, SharedA* shared)
        where T : unmanaged
    {
        int mr = Tile<T>.MR;
        long elements = (long)RoundUp(m, mr) * k;
        if (SplitRows(m, n, mr, Tile<T>.NR, parts) || elements * sizeof(T) > CacheSizes.L2)
        {
            return false;
        }

        int panels = RoundUp(m, mr) / mr;
        int kcBlock = DepthBlock<T>(k);
        int states = panels * ((k + kcBlock - 1) / kcBlock);
        if (t_sharedStates is null || t_sharedStates.Length < states)
        {
            t_sharedStates = GC.AllocateArray<int>((int)BitOperations.RoundUpToPowerOf2((uint)states), pinned: true);
        }

        Array.Clear(t_sharedStates, 0, states);
        shared->Values = Buffers<T>.Shared((int)elements);
        shared->States = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(t_sharedStates));
        shared->Panels = panels;
        return true;
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
                    m, end - start, job.K, job.Accumulate, job.Shared, descending: (part & 1) == 1);
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
