namespace AutoDiff;

/// <summary>
/// An array that lives in this thread's <see cref="BufferPool"/> between loans. Each loan has a generation; the
/// tensors that share a loan (a result and its reshaped or detached views) remember it, and when the
/// <see cref="BufferScope"/> that took the loan ends the generation moves on, so every one of them sees that it
/// was released and throws instead of reading values that now belong to another tensor. The wrapper is reused
/// with its array, so a loan allocates nothing.
/// </summary>
internal sealed class PooledBuffer(Array storage)
{
    public Array Storage { get; } = storage;

    /// <summary>The current loan; tensors holding an older one are released.</summary>
    public int Generation { get; private set; }

    /// <summary>Ends the current loan and gives the buffer back to this thread's pool.</summary>
    public void Release()
    {
        Generation++;
        BufferPool.Return(this);
    }
}
