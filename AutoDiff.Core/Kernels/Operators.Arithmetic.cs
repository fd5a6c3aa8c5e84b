using System.Numerics;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

#pragma warning disable CS1591 // Operator structs are self-describing: Invoke is the formula in the type name.

/// <summary>x + y.</summary>
public readonly struct AddOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x + y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
}

/// <summary>x − y.</summary>
public readonly struct SubtractOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x - y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x - y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x - y;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x - y;
}

/// <summary>x · y.</summary>
public readonly struct MultiplyOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x * y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x * y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x * y;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x * y;
}

/// <summary>x / y.</summary>
public readonly struct DivideOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x / y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x / y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x / y;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x / y;
}

/// <summary>max(x, y) (x when equal).</summary>
public readonly struct MaxOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x >= y ? x : y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, y), x, y);
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, y), x, y);
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, y), x, y);
}

/// <summary>1 where x &gt; y, else 0.</summary>
public readonly struct GreaterMaskOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x > y ? T.One : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThan(x, y) & Vector128<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y) & Vector512<T>.One;
}

/// <summary>1 where x ≥ y, else 0.</summary>
public readonly struct GreaterEqualMaskOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x >= y ? T.One : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThanOrEqual(x, y) & Vector128<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThanOrEqual(x, y) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<T>.One;
}

/// <summary>1 where x = y, else 0.</summary>
public readonly struct EqualMaskOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x == y ? T.One : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Equals(x, y) & Vector128<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Equals(x, y) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Equals(x, y) & Vector512<T>.One;
}

/// <summary>−x.</summary>
public readonly struct NegateOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => -x;
    public Vector128<T> Invoke(Vector128<T> x) => -x;
    public Vector256<T> Invoke(Vector256<T> x) => -x;
    public Vector512<T> Invoke(Vector512<T> x) => -x;
}

/// <summary>|x|.</summary>
public readonly struct AbsOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Abs(x);
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.Abs(x);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.Abs(x);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Abs(x);
}

/// <summary>sign(x): −1, 0 or 1.</summary>
public readonly struct SignOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x)
        => (Vector128.GreaterThan(x, Vector128<T>.Zero) & Vector128<T>.One) - (Vector128.LessThan(x, Vector128<T>.Zero) & Vector128<T>.One);
    public Vector256<T> Invoke(Vector256<T> x)
        => (Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One) - (Vector256.LessThan(x, Vector256<T>.Zero) & Vector256<T>.One);
    public Vector512<T> Invoke(Vector512<T> x)
        => (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One) - (Vector512.LessThan(x, Vector512<T>.Zero) & Vector512<T>.One);
}

/// <summary>√x.</summary>
public readonly struct SqrtOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Sqrt(x);
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.Sqrt(x);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.Sqrt(x);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Sqrt(x);
}

/// <summary>x^p for a scalar exponent p; squares, square roots and reciprocals take exact fast paths.</summary>
public readonly struct PowOperator<T>(T p) : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _p = p;

    public T Invoke(T x) => _p == T.CreateTruncating(2) ? x * x : _p == T.One ? x : T.Pow(x, _p);
    public Vector128<T> Invoke(Vector128<T> x) => _p == T.CreateTruncating(2) ? x * x : _p == T.One ? x : VectorMath.PerLane(x, this);
    public Vector256<T> Invoke(Vector256<T> x) => _p == T.CreateTruncating(2) ? x * x : _p == T.One ? x : VectorMath.PerLane(x, this);
    public Vector512<T> Invoke(Vector512<T> x) => _p == T.CreateTruncating(2) ? x * x : _p == T.One ? x : VectorMath.PerLane(x, this);
}
