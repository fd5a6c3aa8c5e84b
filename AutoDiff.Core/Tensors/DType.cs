namespace AutoDiff;

/// <summary>The element type of a <see cref="Tensor"/>, chosen at run time (like PyTorch's dtype).</summary>
public enum DType
{
    /// <summary>IEEE 754 single precision (<see cref="float"/>).</summary>
    Float32,

    /// <summary>IEEE 754 double precision (<see cref="double"/>); the type gradient checks run in.</summary>
    Float64,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeExtensions
{
    /// <summary>The size of one element in bytes.</summary>
    public static int ElementSize(this DType dtype) => dtype == DType.Float32 ? 4 : 8;

    /// <summary>The <see cref="DType"/> of a CLR element type (<see cref="float"/> or <see cref="double"/>).</summary>
    public static DType Of<T>()
        => typeof(T) == typeof(float) ? DType.Float32
         : typeof(T) == typeof(double) ? DType.Float64
         : throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float or double.");
}
