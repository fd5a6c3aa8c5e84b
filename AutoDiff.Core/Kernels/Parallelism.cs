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

    /// <summary>The number of threads a kernel may use now: <see cref="MaxThreads"/> capped by the processor count.</summary>
    public static int ThreadCount
    {
        get
        {
            var max = MaxThreads;
            return max == 0 ? Environment.ProcessorCount : Math.Min(max, Environment.ProcessorCount);
        }
    }
}
