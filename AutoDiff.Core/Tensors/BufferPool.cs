using System.Numerics;

namespace AutoDiff;

/// <summary>
/// Per-thread free lists of float and double arrays in power-of-two size classes. Buffers are rented by
/// operations inside a <see cref="BufferScope"/> and come back when it ends, so a steady-state training step
/// reuses the same memory instead of allocating (large arrays would otherwise land on the large-object heap
/// and cost gen-2 collections). Per thread, so renting takes no lock.
/// </summary>
internal static class BufferPool
{
    /// <summary>Buffers kept per size class; beyond this a returned buffer is left to the GC.</summary>
    private const int MaxPerClass = 32;

    private const int Classes = 32;

    [ThreadStatic]
    private static Stack<PooledBuffer>[]? t_floats;

    [ThreadStatic]
    private static Stack<PooledBuffer>[]? t_doubles;

    /// <summary>
    /// A buffer of at least <paramref name="size"/> elements; its contents are unspecified unless
    /// <paramref name="zeroed"/>, in which case the first <paramref name="size"/> elements are zero.
    /// </summary>
    public static PooledBuffer Rent(DType dtype, int size, bool zeroed)
    {
        var sizeClass = SizeClass(size);
        var free = dtype == DType.Float32 ? (t_floats ??= NewClasses())[sizeClass] : (t_doubles ??= NewClasses())[sizeClass];
        if (!free.TryPop(out var buffer))
        {
            return new PooledBuffer(dtype == DType.Float32 ? new float[1 << sizeClass] : new double[1 << sizeClass]);
        }

        if (zeroed)
        {
            Array.Clear(buffer.Storage, 0, size);
        }

        return buffer;
    }

    /// <summary>Takes back a released buffer (on whichever thread releases it).</summary>
    public static void Return(PooledBuffer buffer)
    {
        var storage = buffer.Storage;
        var classes = storage is float[] ? (t_floats ??= NewClasses()) : (t_doubles ??= NewClasses());
        var free = classes[SizeClass(storage.Length)];
        if (free.Count < MaxPerClass)
        {
            free.Push(buffer);
        }
    }

    private static int SizeClass(int size) => size <= 1 ? 0 : BitOperations.Log2((uint)size - 1) + 1;

    private static Stack<PooledBuffer>[] NewClasses()
    {
        var classes = new Stack<PooledBuffer>[Classes];
        for (var i = 0; i < Classes; i++)
        {
            classes[i] = new Stack<PooledBuffer>();
        }

        return classes;
    }
}
