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
            return ExpSingle(x.AsSingle()).As<float, T>();
        }

        return Vector512.Exp(x.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return ExpSingle(x.AsSingle()).As<float, T>();
        }

        return Vector256.Exp(x.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp<T>(Vector128<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return ExpSingle(x.AsSingle()).As<float, T>();
        }

        return Vector128.Exp(x.AsDouble()).As<double, T>();
    }

    // Single-precision eˣ in single precision (the BCL's float Vector256.Exp widens to double, at half the speed):
    // x = n·ln 2 + r with |r| ≤ ½ln 2 (Cody–Waite, ln 2 split in two), eʳ by Cephes' degree-6 expf polynomial
    // (under 2 ulp), then 2ⁿ applied as two exponent-field factors so that results near the overflow and
    // subnormal limits come out right. NaN propagates; ±∞ gives ∞ and 0.
    private const float ExpLog2E = 1.44269504088896341f;
    private const float ExpLn2Hi = 0.693359375f;
    private const float ExpLn2Lo = -2.12194440e-4f;
    private const float ExpClamp = 150f;

    // 128-bit vectors are the widest path where AVX2 (and with it FMA) is off: there a fused multiply-add (even
    // MultiplyAddEstimate) is emulated lane by lane, so this form multiplies and adds, as Cephes' original expf does
    // (still under 2 ulp: Cody–Waite's n·ln2Hi is exact, and ExpTests checks the sweep on this path too).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpSingle(Vector128<float> x)
    {
        var xc = Vector128.Min(Vector128.Max(x, Vector128.Create(-ExpClamp)), Vector128.Create(ExpClamp));
        var n = Vector128.Round(xc * Vector128.Create(ExpLog2E));
        var r = (n * Vector128.Create(-ExpLn2Hi)) + xc;
        r = (n * Vector128.Create(-ExpLn2Lo)) + r;
        var p = Vector128.Create(1.9875691500e-4f);
        p = (p * r) + Vector128.Create(1.3981999507e-3f);
        p = (p * r) + Vector128.Create(8.3334519073e-3f);
        p = (p * r) + Vector128.Create(4.1665795894e-2f);
        p = (p * r) + Vector128.Create(1.6666665459e-1f);
        p = (p * r) + Vector128.Create(5.0000001201e-1f);
        p = (p * (r * r)) + (r + Vector128<float>.One);
        var ni = Vector128.ConvertToInt32(n);
        var half = Vector128.ShiftRightArithmetic(ni, 1);
        var scale1 = Vector128.ShiftLeft(half + Vector128.Create(127), 23).AsSingle();
        var scale2 = Vector128.ShiftLeft(ni - half + Vector128.Create(127), 23).AsSingle();
        var y = p * scale1 * scale2;
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpSingle(Vector256<float> x)
    {
        var xc = Vector256.Min(Vector256.Max(x, Vector256.Create(-ExpClamp)), Vector256.Create(ExpClamp));
        var n = Vector256.Round(xc * Vector256.Create(ExpLog2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-ExpLn2Hi), xc);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-ExpLn2Lo), r);
        var p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var ni = Vector256.ConvertToInt32(n);
        var half = Vector256.ShiftRightArithmetic(ni, 1);
        var scale1 = Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
        var scale2 = Vector256.ShiftLeft(ni - half + Vector256.Create(127), 23).AsSingle();
        var y = p * scale1 * scale2;
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpSingle(Vector512<float> x)
    {
        var xc = Vector512.Min(Vector512.Max(x, Vector512.Create(-ExpClamp)), Vector512.Create(ExpClamp));
        var n = Vector512.Round(xc * Vector512.Create(ExpLog2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-ExpLn2Hi), xc);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-ExpLn2Lo), r);
        var p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var ni = Vector512.ConvertToInt32(n);
        var half = Vector512.ShiftRightArithmetic(ni, 1);
        var scale1 = Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle();
        var scale2 = Vector512.ShiftLeft(ni - half + Vector512.Create(127), 23).AsSingle();
        var y = p * scale1 * scale2;
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log<T>(Vector128<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector128.Log(x.AsSingle()).As<float, T>();
        }

        return Vector128.Log(x.AsDouble()).As<double, T>();
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

    /// <summary>Applies a scalar function lane by lane.</summary>
    public static Vector128<T> PerLane<T, TOp>(Vector128<T> x, TOp op)
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        Span<T> lanes = stackalloc T[Vector128<T>.Count];
        x.CopyTo(lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = op.Invoke(lanes[i]);
        }

        return Vector128.Create<T>(lanes);
    }
}
