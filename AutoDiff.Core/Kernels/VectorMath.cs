using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// Vector transcendental functions generic over float and double. The BCL provides them per element type; these
/// dispatch on the element type with type tests the JIT folds away.
/// </summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.Exp(x.AsSingle()).As<float, T>();
        }

        return Vector512.Exp(x.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.Exp(x.AsSingle()).As<float, T>();
        }

        return Vector256.Exp(x.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log<T>(Vector512<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.Log(x.AsSingle()).As<float, T>();
        }

        return Vector512.Log(x.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.Log(x.AsSingle()).As<float, T>();
        }

        return Vector256.Log(x.AsDouble()).As<double, T>();
    }

    /// <summary>Applies a scalar function lane by lane (for functions without a vector form, such as pow).</summary>
    public static Vector512<T> PerLane<T, TOp>(Vector512<T> x, TOp op)
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        x.CopyTo(lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = op.Invoke(lanes[i]);
        }

        return Vector512.Create<T>(lanes);
    }

    /// <summary>Applies a scalar function lane by lane.</summary>
    public static Vector256<T> PerLane<T, TOp>(Vector256<T> x, TOp op)
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        x.CopyTo(lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = op.Invoke(lanes[i]);
        }

        return Vector256.Create<T>(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Cast<T>(double value)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(value);
}
