namespace AutoDiff;

/// <summary>
/// Owns the buffers that operations allocate on this thread while it is open: they come from a pool and go back
/// when the scope is disposed, so a loop that opens one per iteration reuses its memory instead of making
/// garbage. Every <c>Tape</c> opens one, which is how a training step runs without allocating.
/// <para>
/// Results of operations made inside the scope are released with it: using one afterwards throws
/// <see cref="InvalidOperationException"/> (it never reads recycled memory). Keep a value with
/// <see cref="Tensor.Clone"/> or <see cref="Tensor.Item"/> before the scope ends. Tensors you create yourself
/// (<see cref="Tensor.Zeros"/>, <see cref="Tensor.Randn(Shape, ulong, DType)"/>, …) and gradients are never pooled.
/// </para>
/// </summary>
public sealed class BufferScope : IDisposable
{
    [ThreadStatic]
    private static BufferScope? t_current;

    [ThreadStatic]
    private static List<PooledBuffer>? t_spareList;

    private readonly BufferScope? _previous;
    private readonly int _threadId;
    private List<PooledBuffer>? _leases;

    private BufferScope(BufferScope? previous)
    {
        _previous = previous;
        _threadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>The innermost open scope on this thread, if any.</summary>
    internal static BufferScope? Current => t_current;

    /// <summary>The number of buffers this scope has lent.</summary>
    public int Count => _leases?.Count ?? 0;

    /// <summary>Opens a scope on this thread; dispose it (in reverse order of opening) to return its buffers.</summary>
    public static BufferScope Begin()
    {
        var scope = new BufferScope(t_current);
        t_current = scope;
        return scope;
    }

    /// <summary>A pooled buffer lent to the current scope, or null when no scope is open.</summary>
    internal static PooledBuffer? Rent(DType dtype, int size, bool zeroed)
    {
        var scope = t_current;
        if (scope is null)
        {
            return null;
        }

        var buffer = BufferPool.Rent(dtype, size, zeroed);
        if (scope._leases is null)
        {
            scope._leases = t_spareList ?? new List<PooledBuffer>();
            t_spareList = null;
        }

        scope._leases.Add(buffer);
        return buffer;
    }

    /// <summary>Returns every buffer this scope lent; tensors that used them are released.</summary>
    public void Dispose()
    {
        if (t_current != this)
        {
            if (Environment.CurrentManagedThreadId != _threadId)
            {
                throw new InvalidOperationException("BufferScope.Dispose: a scope must be disposed on the thread that opened it.");
            }

            if (IsOpen(this))
            {
                throw new InvalidOperationException("BufferScope.Dispose: scopes and tapes must be disposed in reverse order of opening (an inner one is still open).");
            }

            return; // already disposed
        }

        t_current = _previous;
        if (_leases is { } leases)
        {
            foreach (var buffer in leases)
            {
                buffer.Release();
            }

            leases.Clear();
            t_spareList = leases;
            _leases = null;
        }
    }

    /// <summary>
    /// Closes this scope, which must be the innermost open one, without returning its buffers: the caller takes them
    /// over and releases each itself (<see cref="PooledBuffer.Release"/>) when the values may be recycled.
    /// </summary>
    internal List<PooledBuffer> Detach()
    {
        if (t_current != this)
        {
            throw new InvalidOperationException("BufferScope.Detach: only the innermost open scope can be detached.");
        }

        t_current = _previous;
        var leases = _leases ?? new List<PooledBuffer>();
        _leases = null;
        return leases;
    }

    /// <summary>
    /// Disposes the scopes open inside <paramref name="outer"/> (all, when null), innermost first, and returns whether
    /// there were any; does nothing when <paramref name="outer"/> is not open on this thread. How a transform cleans up
    /// after a function that left a scope open.
    /// </summary>
    internal static bool DisposeInside(BufferScope? outer)
    {
        if (outer is not null && !IsOpen(outer))
        {
            return false;
        }

        var any = false;
        while (t_current is { } inner && inner != outer)
        {
            any = true;
            inner.Dispose();
        }

        return any;
    }

    private static bool IsOpen(BufferScope scope)
    {
        for (var s = t_current; s is not null; s = s._previous)
        {
            if (s == scope)
            {
                return true;
            }
        }

        return false;
    }
}
