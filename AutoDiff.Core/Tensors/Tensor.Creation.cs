namespace AutoDiff;

public sealed partial class Tensor
{
    /// <summary>The element type used when none is given.</summary>
    public const DType DefaultDType = DType.Float32;

    /// <summary>
    /// An operation's result buffer with unspecified contents (the operation writes every element): pooled and
    /// owned by the current <see cref="BufferScope"/> when one is open, a fresh array otherwise.
    /// </summary>
    internal static Tensor Empty(Shape shape, DType dtype)
    {
        var buffer = BufferScope.Rent(dtype, shape.Size, zeroed: false);
        return buffer is null ? Allocate(shape, dtype) : new Tensor(shape, dtype, buffer);
    }

    /// <summary>Like <see cref="Empty"/>, but zero-filled, for operations that accumulate into their result.</summary>
    internal static Tensor EmptyZeroed(Shape shape, DType dtype)
    {
        var buffer = BufferScope.Rent(dtype, shape.Size, zeroed: true);
        return buffer is null ? Allocate(shape, dtype) : new Tensor(shape, dtype, buffer);
    }

    /// <summary>A zero-filled tensor with its own array, never pooled: for what the caller keeps.</summary>
    internal static Tensor Allocate(Shape shape, DType dtype)
        => new(shape, dtype, dtype == DType.Float32 ? new float[shape.Size] : new double[shape.Size]);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DefaultDType) => Allocate(shape, dtype);

    /// <summary>A tensor of zeros with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Allocate(like.Shape, like.DType);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape, DType dtype = DefaultDType) => Full(shape, 1.0, dtype);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DefaultDType)
    {
        var t = Allocate(shape, dtype);
        t.Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DefaultDType) => Full(Shape.Scalar, value, dtype);

    /// <summary>The values start, start + step, … below stop (like <c>torch.arange</c>).</summary>
    public static Tensor Arange(double start, double stop, double step = 1, DType dtype = DefaultDType)
    {
        if (step == 0 || double.IsNaN(step))
        {
            throw new ArgumentException("Arange: step must be non-zero.", nameof(step));
        }

        var n = Math.Max(0, (int)Math.Ceiling((stop - start) / step));
        var t = Allocate(new Shape(n), dtype);
        for (var i = 0; i < n; i++)
        {
            t.SetFlat(i, start + (i * step));
        }

        return t;
    }

    /// <summary>The values 0, 1, …, n − 1.</summary>
    public static Tensor Arange(int n, DType dtype = DefaultDType) => Arange(0, n, 1, dtype);

    /// <summary>A Float64 tensor holding a copy of <paramref name="values"/> with the given shape (default: 1-D).</summary>
    public static Tensor FromArray(double[] values, Shape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        shape ??= new Shape(values.Length);
        CheckLength("FromArray", values.Length, shape);
        return new Tensor(shape, DType.Float64, (double[])values.Clone());
    }

    /// <summary>A Float32 tensor holding a copy of <paramref name="values"/> with the given shape (default: 1-D).</summary>
    public static Tensor FromArray(float[] values, Shape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        shape ??= new Shape(values.Length);
        CheckLength("FromArray", values.Length, shape);
        return new Tensor(shape, DType.Float32, (float[])values.Clone());
    }

    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] values, DType dtype = DType.Float64)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var t = Allocate(new Shape(rows, cols), dtype);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                t.SetFlat((i * cols) + j, values[i, j]);
            }
        }

        return t;
    }

    /// <summary>Wraps <paramref name="values"/> without copying (the tensor and the array share memory).</summary>
    public static Tensor Wrap(double[] values, Shape shape)
    {
        CheckLength("Wrap", values.Length, shape);
        return new Tensor(shape, DType.Float64, values);
    }

    /// <summary>Wraps <paramref name="values"/> without copying (the tensor and the array share memory).</summary>
    public static Tensor Wrap(float[] values, Shape shape)
    {
        CheckLength("Wrap", values.Length, shape);
        return new Tensor(shape, DType.Float32, values);
    }

    private static void CheckLength(string op, int length, Shape shape)
    {
        if (length != shape.Size)
        {
            throw new ArgumentException($"{op}: {length} values do not fill shape {shape} ({shape.Size} elements).");
        }
    }

    /// <summary>Uniform samples in [low, high) from a seeded generator: the same seed gives the same bits.</summary>
    public static Tensor Rand(Shape shape, Rng rng, double low = 0, double high = 1, DType dtype = DefaultDType)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Allocate(shape, dtype);
        for (var i = 0; i < t.Size; i++)
        {
            t.SetFlat(i, rng.Uniform(low, high));
        }

        return t;
    }

    /// <summary>Uniform samples in [0, 1) from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public static Tensor Rand(Shape shape, ulong seed, DType dtype = DefaultDType) => Rand(shape, new Rng(seed), 0, 1, dtype);

    /// <summary>Normal samples with the given mean and standard deviation from a seeded generator.</summary>
    public static Tensor Randn(Shape shape, Rng rng, double mean = 0, double std = 1, DType dtype = DefaultDType)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Allocate(shape, dtype);
        for (var i = 0; i < t.Size; i++)
        {
            t.SetFlat(i, mean + (std * rng.Normal()));
        }

        return t;
    }

    /// <summary>Standard normal samples from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public static Tensor Randn(Shape shape, ulong seed, DType dtype = DefaultDType) => Randn(shape, new Rng(seed), 0, 1, dtype);
}
