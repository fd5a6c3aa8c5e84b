using System.Runtime.CompilerServices;

namespace AutoDiff.Kernels;

/// <summary>
/// How many threads large kernels may use (like <c>torch.set_num_threads</c>). Results do not depend on it: work is
/// split so that every output element is computed the same way whatever the thread count.
/// </summary>
public static class Parallelism
{
    private static int s_maxThreads;

    /// <summary>
    /// The most threads a kernel uses, the caller's included; 0 (the default) means one per processor.
    /// Set it to 1 to keep every kernel on the calling thread (for example to run one model per core).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static int MaxThreads
    {
        get => Volatile.Read(ref s_maxThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxThreads));
            Volatile.Write(ref s_maxThreads, value);
        }
    }

    /// <summary>
    /// Element count from which element-wise kernels split their work over <see cref="ThreadCount"/> threads; below
    /// it, the cost of handing work to another thread is more than the work.
    /// </summary>
    internal const int ElementwiseParallelThreshold = 1 << 18;

    /// <summary>How many ranges a parallel element-wise call makes per thread.</summary>
    private const int RangesPerThread = 4;

    /// <summary>The fewest elements in one range: enough that claiming it costs next to nothing.</summary>
    private const int MinRangeElements = 1 << 15;

    /// <summary>
    /// Chunk boundaries fall on multiples of this many elements: a whole number of the widest vectors (512 bits of
    /// float or double, unrolled twice) and of 64-byte cache lines, so threads never share a line they write and each
    /// chunk starts where a vector would.
    /// </summary>
    public const int ChunkAlignment = 64;

    /// <summary>
    /// Runs <paramref name="body"/>(start, count) over <paramref name="length"/> elements: on the calling thread below
    /// <see cref="ElementwiseParallelThreshold"/>, otherwise as a few contiguous ranges per thread, claimed by whichever
    /// thread is free, each starting at a multiple of <see cref="ChunkAlignment"/>. The element-wise drivers compute each element the same way wherever
    /// it falls, so results do not depend on the thread count. Ranges run on the kernels' shared worker threads, so
    /// the call itself allocates nothing.
    /// </summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="body">Processes the elements [start, start + count).</param>
    public static void ForRanges(int length, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ForRanges(length, new DelegateRanges(body));
    }

    /// <summary>
    /// <see cref="ForRanges(int, Action{int, int})"/> for a struct body, which the element-wise drivers use so that a
    /// parallel call allocates nothing (no closure, no delegate, no task).
    /// </summary>
    internal static unsafe void ForRanges<TBody>(int length, TBody body)
        where TBody : struct, IRangeBody
    {
        var threads = length < ElementwiseParallelThreshold ? 1 : Math.Min(ThreadCount, length / (ElementwiseParallelThreshold / 2));
        if (threads <= 1)
        {
            body.Run(0, length);
            return;
        }

        // Several ranges per thread, claimed as threads come free: a worker that the OS preempts holds up only a
        // small range, which the caller would otherwise wait for. Each element is computed the same way wherever
        // a boundary falls, so the split changes no result.
        var parts = Math.Min(threads * RangesPerThread, length / MinRangeElements);

        // body is a local of this frame: the pointer stays valid (and its references reported) while the pool runs.
        var job = new RangeJob
        {
            Body = Unsafe.AsPointer(ref body),
            Length = length,
            Blocks = (length + ChunkAlignment - 1) / ChunkAlignment,
            Parts = parts,
        };
        WorkerPool.Run(&RunRange<TBody>, &job, parts, threads);
    }

    private static unsafe void RunRange<TBody>(void* state, int part)
        where TBody : struct, IRangeBody
    {
        ref readonly var job = ref *(RangeJob*)state;
        var start = Boundary(job.Length, job.Blocks, part, job.Parts);
        var end = Boundary(job.Length, job.Blocks, part + 1, job.Parts);
        Unsafe.AsRef<TBody>(job.Body).Run(start, end - start);
    }

    /// <summary>Where chunk <paramref name="part"/> of <paramref name="parts"/> starts: an even share of whole blocks.</summary>
    private static int Boundary(int length, int blocks, int part, int parts)
        => (int)Math.Min(length, (long)blocks * part / parts * ChunkAlignment);

    /// <summary>The number of threads a kernel may use now: <see cref="MaxThreads"/> capped by the processor count.</summary>
    public static int ThreadCount
    {
        get
        {
            var max = MaxThreads;
            return max == 0 ? Environment.ProcessorCount : Math.Min(max, Environment.ProcessorCount);
        }
    }

    private unsafe struct RangeJob
    {
        public void* Body;
        public int Length;
        public int Blocks;
        public int Parts;
    }

    private readonly struct DelegateRanges(Action<int, int> body) : IRangeBody
    {
        public void Run(int start, int count) => body(start, count);
    }
}
