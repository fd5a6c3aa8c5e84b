using System.Runtime.ExceptionServices;

namespace AutoDiff.Kernels;

/// <summary>
/// A fixed set of background threads that run the parts of one job at a time, so that a parallel kernel allocates
/// nothing and wakes threads that already exist. A job is a function pointer and a pointer to its state (a struct
/// on the caller's stack, which stays alive because the caller waits). Parts are claimed by whichever thread is
/// free; a part's result must not depend on the thread that runs it, so results never depend on the thread count.
/// A worker spins for a short while after each job (kernels tend to come in bursts) before it blocks on its event.
/// </summary>
internal static unsafe class WorkerPool
{
    /// <summary>How long an idle worker spins before blocking, in milliseconds.</summary>
    private const int SpinMilliseconds = 2;

    /// <summary>How many single-pause polls the caller makes for the other parts before it backs off (some tens of µs).</summary>
    private const int EagerPolls = 1000;

    private static readonly Lock s_gate = new();
    private static Worker[] s_workers = [];
    private static delegate*<void*, int, void> s_body;
    private static void* s_state;
    private static int s_parts;
    private static long s_generation;
    private static int s_nextPart;
    private static int s_pending;
    private static Exception? s_error;

    /// <summary>
    /// Runs <paramref name="body"/>(<paramref name="state"/>, part) for every part in [0, <paramref name="parts"/>)
    /// on up to <paramref name="threads"/> threads (the caller included); on the calling thread alone, in order, when
    /// one thread is asked for or another job holds the pool.
    /// </summary>
    public static void Run(delegate*<void*, int, void> body, void* state, int parts, int threads)
    {
        if (!TryRun(body, state, parts, threads))
        {
            for (var part = 0; part < parts; part++)
            {
                body(state, part);
            }
        }
    }

    /// <summary>
    /// Like <see cref="Run"/>, but returns false, doing nothing, when fewer than two threads would work or another
    /// job already holds the pool.
    /// </summary>
    public static bool TryRun(delegate*<void*, int, void> body, void* state, int parts, int threads)
    {
        threads = Math.Min(threads, parts);
        // A part that starts a parallel job of its own runs it on its own thread (the lock is re-entrant, and the
        // running job's state must not be overwritten).
        if (threads < 2 || s_gate.IsHeldByCurrentThread || !s_gate.TryEnter())
        {
            return false;
        }

        try
        {
            EnsureWorkers(threads - 1);
            s_body = body;
            s_state = state;
            s_parts = parts;
            s_error = null;
            // Publish the job before its parts can be claimed: a worker that woke late for the previous job may
            // claim a part of this one as soon as s_nextPart is reset, which is fine.
            Volatile.Write(ref s_pending, parts);
            Volatile.Write(ref s_nextPart, 0);
            Interlocked.Increment(ref s_generation);
            for (var i = 0; i < threads - 1; i++)
            {
                s_workers[i].Wake();
            }

            // The caller takes parts too, so a worker that is slow to wake costs no more than one thread.
            RunParts();
            WaitForParts();

            var error = s_error;
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
    /// Waits for the parts other threads are running. Parts are sized to finish together, so the wait is usually
    /// short: poll with a single pause at first (a back-off would notice the end microseconds late, as much as a
    /// small product takes), and back off only once the wait has grown long (a preempted worker).
    /// </summary>
    private static void WaitForParts()
    {
        var polls = 0;
        var spinner = default(SpinWait);
        while (Volatile.Read(ref s_pending) != 0)
        {
            if (polls < EagerPolls)
            {
                polls++;
                Thread.SpinWait(1);
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Takes parts of the current job until none is left.</summary>
    private static void RunParts()
    {
        int part;
        while ((part = Interlocked.Increment(ref s_nextPart) - 1) < s_parts)
        {
            try
            {
                s_body(s_state, part);
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
        for (var i = s_workers.Length; i < count; i++)
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

        public Worker(int index, long generation)
        {
            _seen = generation;
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"AutoDiff.Kernels worker {index}",
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
                var deadline = Environment.TickCount64 + SpinMilliseconds;
                while (Volatile.Read(ref s_generation) == _seen)
                {
                    if (Environment.TickCount64 > deadline)
                    {
                        // Publish that we sleep, then look again: either the caller sees the flag and sets the
                        // event, or we see the new generation. A stale set only causes one extra pass.
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
                        // One normalised pause between looks: a longer one delays every job's start by as much.
                        Thread.SpinWait(1);
                    }
                }

                _seen = Volatile.Read(ref s_generation);
                RunParts();
            }
        }
    }
}
