using System.Runtime.CompilerServices;

namespace AutoDiff;

/// <summary>
/// A dense, contiguous, row-major array of <see cref="DType.Float32"/> or <see cref="DType.Float64"/> values. Its
/// part in automatic differentiation (<c>RequiresGrad</c>, <c>Grad</c>, <c>Backward</c>, the operators) is added by
/// the autodiff layer as extension members (<c>TensorAutodiff</c>), which keep their state in a slot that this
/// type stores and never reads.
/// </summary>
public sealed partial class Tensor
{
    private readonly Array _storage;
    private readonly PooledBuffer? _buffer;
    private readonly int _generation;

    internal Tensor(Shape shape, DType dtype, Array storage)
    {
        Shape = shape;
        DType = dtype;
        _storage = storage;
    }

    /// <summary>A tensor on the current loan of a pooled buffer.</summary>
    internal Tensor(Shape shape, DType dtype, PooledBuffer buffer)
        : this(shape, dtype, buffer.Storage)
    {
        _buffer = buffer;
        _generation = buffer.Generation;
    }

    /// <summary>A view of <paramref name="source"/>'s storage (and its loan, when pooled) with another shape.</summary>
    private Tensor(Shape shape, Tensor source)
        : this(shape, source.DType, source._storage)
    {
        _buffer = source._buffer;
        _generation = source._generation;
    }

    /// <summary>The extent along each axis.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>The number of axes.</summary>
    public int Rank => Shape.Rank;

    /// <summary>An optional name, used in error messages and reports.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The differentiation state (tangents, tape records, gradient) that the autodiff layer keeps for this tensor;
    /// opaque here. Its <see cref="object.ToString"/> describes it for <see cref="ToString"/>.
    /// </summary>
    internal object? AutodiffState { get; set; }

    /// <summary>Whether the storage is a pooled buffer lent to a scope (so it goes back when the scope ends).</summary>
    internal bool IsPooled => _buffer is not null;

    /// <summary>
    /// Whether this tensor's pooled buffer went back to the pool when the <see cref="BufferScope"/> (or
    /// <c>Tape</c>) that made it ended; a released tensor cannot be read or written.
    /// </summary>
    public bool IsReleased => _buffer is not null && _buffer.Generation != _generation;

    /// <summary>The raw storage array (float[] or double[]); its length may exceed <see cref="Size"/>.</summary>
    internal Array Storage
    {
        get
        {
            ThrowIfReleased();
            return _storage;
        }
    }

    /// <summary>The elements as a span of <typeparamref name="T"/>, which must match <see cref="DType"/>.</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        ThrowIfReleased();
        if (_storage is not T[] array)
        {
            throw new InvalidOperationException($"AsSpan<{typeof(T).Name}>: tensor has dtype {DType}.");
        }

        return array.AsSpan(0, Size);
    }

    /// <summary>The elements without the dtype check; callers dispatch on <see cref="DType"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<T> Span<T>()
        where T : unmanaged
    {
        ThrowIfReleased();
        return Unsafe.As<T[]>(_storage).AsSpan(0, Size);
    }

    /// <summary>The element array without the dtype check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T[] Array<T>()
        where T : unmanaged
    {
        ThrowIfReleased();
        return Unsafe.As<T[]>(_storage);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfReleased()
    {
        if (_buffer is not null && _buffer.Generation != _generation)
        {
            ThrowReleased();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowReleased()
        => throw new InvalidOperationException(
            $"Tensor{(Name is null ? "" : $" '{Name}'")} of shape {Shape} was released: its pooled buffer went back to the pool when the " +
            "Tape or BufferScope that made it was disposed (or, for a DataLoader with ReuseBuffers, when it moved to the next batch). " +
            "Read it inside that scope, or keep a copy with Clone() or Item().");

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item: tensor of shape {Shape} has {Size} elements, not 1.");
        }

        return GetFlat(0);
    }

    /// <summary>The element at a flat (row-major) index, as a double.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, <see cref="Size"/>).</exception>
    public double GetFlat(int index)
    {
        CheckFlatIndex(index);
        return DType == DType.Float32 ? Span<float>()[index] : Span<double>()[index];
    }

    /// <summary>Sets the element at a flat (row-major) index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, <see cref="Size"/>).</exception>
    public void SetFlat(int index, double value)
    {
        CheckFlatIndex(index);
        if (DType == DType.Float32)
        {
            Span<float>()[index] = (float)value;
        }
        else
        {
            Span<double>()[index] = value;
        }
    }

    /// <summary>The element at a multi-index.</summary>
    [IndexerName("At")]
    public double this[params int[] index]
    {
        get => GetFlat(FlatIndex(index));
        set => SetFlat(FlatIndex(index), value);
    }

    private void CheckFlatIndex(int index)
    {
        if ((uint)index >= (uint)Size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Flat index {index} is outside [0, {Size}) for a tensor of shape {Shape} ({Size} elements).");
        }
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank)
        {
            throw new ArgumentException($"Indexer: {index.Length} indices for a tensor of shape {Shape}.");
        }

        var flat = 0;
        for (var i = 0; i < index.Length; i++)
        {
            var d = Shape[i];
            var k = index[i] < 0 ? index[i] + d : index[i];
            if (k < 0 || k >= d)
            {
                throw new IndexOutOfRangeException($"Indexer: index {index[i]} out of range for axis {i} of shape {Shape}.");
            }

            flat = (flat * d) + k;
        }

        return flat;
    }

    /// <summary>The elements as a flat double array (a copy).</summary>
    public double[] ToArray()
    {
        var result = new double[Size];
        if (DType == DType.Float64)
        {
            Span<double>().CopyTo(result);
        }
        else
        {
            var s = Span<float>();
            for (var i = 0; i < s.Length; i++)
            {
                result[i] = s[i];
            }
        }

        return result;
    }

    /// <summary>The elements as a flat float array (a copy, rounded when the dtype is Float64).</summary>
    public float[] ToFloatArray()
    {
        var result = new float[Size];
        if (DType == DType.Float32)
        {
            Span<float>().CopyTo(result);
        }
        else
        {
            var s = Span<double>();
            for (var i = 0; i < s.Length; i++)
            {
                result[i] = (float)s[i];
            }
        }

        return result;
    }

    /// <summary>
    /// A tensor with the same values that reverse and forward mode do not see through (no differentiation state at
    /// all). It shares storage with this one.
    /// </summary>
    public Tensor Detach() => new(Shape, this) { Name = Name };

    /// <summary>A copy with its own (never pooled) storage, detached from any tape, without tangent.</summary>
    public Tensor Clone()
    {
        var t = Allocate(Shape, DType);
        if (DType == DType.Float32)
        {
            Span<float>().CopyTo(t.Span<float>());
        }
        else
        {
            Span<double>().CopyTo(t.Span<double>());
        }

        return t;
    }

    /// <summary>Copies the values of <paramref name="source"/> (same shape and dtype) into this tensor, in place.</summary>
    public void CopyFrom(Tensor source)
    {
        TensorChecks.SameShape("CopyFrom", this, source);
        TensorChecks.SameDType("CopyFrom", this, source);
        if (DType == DType.Float32)
        {
            source.Span<float>().CopyTo(Span<float>());
        }
        else
        {
            source.Span<double>().CopyTo(Span<double>());
        }
    }

    /// <summary>Sets every element to <paramref name="value"/>, in place.</summary>
    public void Fill(double value)
    {
        if (DType == DType.Float32)
        {
            Span<float>().Fill((float)value);
        }
        else
        {
            Span<double>().Fill(value);
        }
    }
}

public sealed partial class Tensor
{
    /// <summary>A tensor sharing this one's storage with another shape of the same size (no differentiation state).</summary>
    internal Tensor ReshapeView(Shape shape) => new(shape, this);
}
