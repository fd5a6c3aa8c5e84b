using System.Runtime.ExceptionServices;

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
        if (SplitRows(m, n, Tile<T>.MR, Tile<T>.NR))
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

    /// <summary>Whether to split C by rows (else by columns): by the dimension with more tiles.</summary>
    private static bool SplitRows(int m, int n, int mr, int nr) => (m + mr - 1) / mr >= (n + nr - 1) / nr;

    /// <summary>
    /// A fixed set of background threads that run the parts of one <see cref="Job"/> at a time, so that a
    /// parallel product allocates nothing and wakes threads that already exist. A worker spins for a short
    /// while after each job (products tend to come in bursts) before it blocks on its event.
    /// </summary>
    private static class WorkerPool
    {
        /// <summary>How long an idle worker spins before blocking, in milliseconds.</summary>
        private const int SpinMilliseconds = 2;

        private static readonly Lock s_gate = new();
        private static Worker[] s_workers = [];
        private static Job s_job;
        private static int s_parts;
        private static long s_generation;
        private static int s_nextPart;
        private static int s_pending;
        private static Exception? s_error;

        /// <summary>
        /// Runs <paramref name="job"/> split over <paramref name="threads"/> threads (the caller included).
        /// Returns false, doing nothing, when another product already holds the pool.
        /// </summary>
        public static bool TryRun(ref Job job, int threads)
        {
            if (!s_gate.TryEnter())
            {
                return false;
            }

            try
            {
                EnsureWorkers(threads - 1);
                s_job = job;
                s_parts = threads;
                s_error = null;
                // Publish the job before its parts can be claimed: a worker that woke late for the previous
                // job may claim a part of this one as soon as s_nextPart is reset, which is fine.
                Volatile.Write(ref s_pending, threads);
                Volatile.Write(ref s_nextPart, 0);
                Interlocked.Increment(ref s_generation);
                for (int i = 0; i < threads - 1; i++)
                {
                    s_workers[i].Wake();
                }

                // The caller takes parts too, so a worker that is slow to wake costs no more than one thread.
                RunParts();
                var spinner = default(SpinWait);
                while (Volatile.Read(ref s_pending) != 0)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                Exception? error = s_error;
                if (error is not null)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                return true;
            }
            finally
            {
                s_gate.Exit();
            }
        }

        /// <summary>
        /// Takes parts of the current job until none is left. Which thread runs a part never changes its
        /// result, so the parts can go to whoever is free.
        /// </summary>
        private static void RunParts()
        {
            int part;
            while ((part = Interlocked.Increment(ref s_nextPart) - 1) < s_parts)
            {
                try
                {
                    RunPart(s_job, part, s_parts);
                }
#pragma warning disable CA1031 // Handed to the calling thread, which rethrows it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    s_error = e;
                }

                Interlocked.Decrement(ref s_pending);
            }
        }

        private static void EnsureWorkers(int count)
        {
            if (s_workers.Length >= count)
            {
                return;
            }

            var workers = new Worker[count];
            Array.Copy(s_workers, workers, s_workers.Length);
            for (int i = s_workers.Length; i < count; i++)
            {
                workers[i] = new Worker(i + 1, Volatile.Read(ref s_generation));
            }

            s_workers = workers;
        }

        private sealed class Worker
        {
            private readonly ManualResetEventSlim _event = new(false, spinCount: 1);
            private long _seen;
            private int _sleeping;

            public Worker(int part, long generation)
            {
                _seen = generation;
                var thread = new Thread(Loop)
                {
                    IsBackground = true,
                    Name = $"AutoDiff.Gemm worker {part}",
                };
                thread.Start();
            }

            /// <summary>Called after <see cref="s_generation"/> moved on: wakes the worker if it blocked.</summary>
            public void Wake()
            {
                if (Volatile.Read(ref _sleeping) != 0)
                {
                    _event.Set();
                }
            }

            private void Loop()
            {
                while (true)
                {
                    long deadline = Environment.TickCount64 + SpinMilliseconds;
                    while (Volatile.Read(ref s_generation) == _seen)
                    {
                        if (Environment.TickCount64 > deadline)
                        {
                            // Publish that we sleep, then look again: either the caller sees the flag and sets
                            // the event, or we see the new generation. A stale set only causes one extra pass.
                            Interlocked.Exchange(ref _sleeping, 1);
                            if (Volatile.Read(ref s_generation) == _seen)
                            {
                                _event.Wait();
                            }

                            _event.Reset();
                            Interlocked.Exchange(ref _sleeping, 0);
                            deadline = Environment.TickCount64 + SpinMilliseconds;
                        }
                        else
                        {
                            Thread.SpinWait(20);
                        }
                    }

                    _seen = Volatile.Read(ref s_generation);
                    RunParts();
                }
            }
        }
    }
}
