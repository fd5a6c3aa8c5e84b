using System.Numerics;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

#pragma warning disable CS1591 // Operator structs are self-describing: Invoke is the formula in the type name.

/// <summary>eˣ.</summary>
public readonly struct ExpOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Exp(x);
    public Vector128<T> Invoke(Vector128<T> x) => VectorMath.Exp(x);
    public Vector256<T> Invoke(Vector256<T> x) => VectorMath.Exp(x);
    public Vector512<T> Invoke(Vector512<T> x) => VectorMath.Exp(x);
}

/// <summary>ln x.</summary>
public readonly struct LogOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Log(x);
    public Vector128<T> Invoke(Vector128<T> x) => VectorMath.Log(x);
    public Vector256<T> Invoke(Vector256<T> x) => VectorMath.Log(x);
    public Vector512<T> Invoke(Vector512<T> x) => VectorMath.Log(x);
}

/// <summary>
/// tanh x. Vector form: sign(x)·(1 − t)/(1 + t) with t = e^(−2|x|), which never overflows; below |x| = 0.01,
/// where 1 − t would cancel, the odd Taylor polynomial to x⁷ (relative error under 1e-17).
/// </summary>
public readonly struct TanhOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Tanh(x);

    public Vector128<T> Invoke(Vector128<T> x)
    {
        var ax = Vector128.Abs(x);
        var t = VectorMath.Exp(Vector128.Create(T.CreateTruncating(-2)) * ax);
        var large = (Vector128<T>.One - t) / (Vector128<T>.One + t);
        large = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), -large, large);
        var x2 = x * x;
        var poly = Vector128.Create(T.CreateTruncating(-17.0 / 315));
        poly = (poly * x2) + Vector128.Create(T.CreateTruncating(2.0 / 15));
        poly = (poly * x2) + Vector128.Create(T.CreateTruncating(-1.0 / 3));
        var small = x + (x * x2 * poly);
        return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(T.CreateTruncating(0.01))), small, large);
    }

    public Vector256<T> Invoke(Vector256<T> x)
    {
        var ax = Vector256.Abs(x);
        var t = VectorMath.Exp(Vector256.Create(T.CreateTruncating(-2)) * ax);
        var large = (Vector256<T>.One - t) / (Vector256<T>.One + t);
        large = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -large, large);
        var x2 = x * x;
        var poly = Vector256.Create(T.CreateTruncating(-17.0 / 315));
        poly = (poly * x2) + Vector256.Create(T.CreateTruncating(2.0 / 15));
        poly = (poly * x2) + Vector256.Create(T.CreateTruncating(-1.0 / 3));
        var small = x + (x * x2 * poly);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(T.CreateTruncating(0.01))), small, large);
    }

    public Vector512<T> Invoke(Vector512<T> x)
    {
        var ax = Vector512.Abs(x);
        var t = VectorMath.Exp(Vector512.Create(T.CreateTruncating(-2)) * ax);
        var large = (Vector512<T>.One - t) / (Vector512<T>.One + t);
        large = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), -large, large);
        var x2 = x * x;
        var poly = Vector512.Create(T.CreateTruncating(-17.0 / 315));
        poly = (poly * x2) + Vector512.Create(T.CreateTruncating(2.0 / 15));
        poly = (poly * x2) + Vector512.Create(T.CreateTruncating(-1.0 / 3));
        var small = x + (x * x2 * poly);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(T.CreateTruncating(0.01))), small, large);
    }
}

/// <summary>σ(x) = 1 / (1 + e^(−x)); never overflows to NaN (e^(−x) = ∞ gives 0).</summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    public Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / (Vector128<T>.One + VectorMath.Exp(-x));
    public Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-x));
    public Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / (Vector512<T>.One + VectorMath.Exp(-x));
}

/// <summary>
/// softplus(x) = ln(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)), stable for any x; log1p(t) as ln(u)·t/(u − 1) with
/// u = 1 + t (exact to a few ulps, and t itself where u rounds to 1).
/// </summary>
public readonly struct SoftplusOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Max(x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x)));

    public Vector128<T> Invoke(Vector128<T> x)
    {
        var t = VectorMath.Exp(-Vector128.Abs(x));
        var u = Vector128<T>.One + t;
        var log1p = Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<T>.One), t, VectorMath.Log(u) * (t / (u - Vector128<T>.One)));
        return Vector128.Max(x, Vector128<T>.Zero) + log1p;
    }

    public Vector256<T> Invoke(Vector256<T> x)
    {
        var t = VectorMath.Exp(-Vector256.Abs(x));
        var u = Vector256<T>.One + t;
        var log1p = Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<T>.One), t, VectorMath.Log(u) * (t / (u - Vector256<T>.One)));
        return Vector256.Max(x, Vector256<T>.Zero) + log1p;
    }

    public Vector512<T> Invoke(Vector512<T> x)
    {
        var t = VectorMath.Exp(-Vector512.Abs(x));
        var u = Vector512<T>.One + t;
        var log1p = Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<T>.One), t, VectorMath.Log(u) * (t / (u - Vector512<T>.One)));
        return Vector512.Max(x, Vector512<T>.Zero) + log1p;
    }
}

/// <summary>max(x, 0).</summary>
public readonly struct ReluOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? x : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, Vector128<T>.Zero);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, Vector256<T>.Zero);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, Vector512<T>.Zero);
}

/// <summary>x where x &gt; 0, else slope·x.</summary>
public readonly struct LeakyReluOperator<T>(T slope) : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _slope = slope;

    public T Invoke(T x) => x > T.Zero ? x : _slope * x;
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, Vector128.Create(_slope) * x);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, Vector256.Create(_slope) * x);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, Vector512.Create(_slope) * x);
}

/// <summary>The ReLU backward rule as one pass: g where x &gt; 0, else 0 (x is the first operand, g the second).</summary>
internal readonly struct ReluBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T g) => x > T.Zero ? g : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> g) => Vector128.GreaterThan(x, Vector128<T>.Zero) & g;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> g) => Vector256.GreaterThan(x, Vector256<T>.Zero) & g;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> g) => Vector512.GreaterThan(x, Vector512<T>.Zero) & g;
}

/// <summary>The leaky-ReLU backward rule: g where x &gt; 0, else slope·g.</summary>
internal readonly struct LeakyReluBackwardOperator<T>(T slope) : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _slope = slope;

    public T Invoke(T x, T g) => x > T.Zero ? g : _slope * g;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> g) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), g, Vector128.Create(_slope) * g);
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g, Vector256.Create(_slope) * g);
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> g) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g, Vector512.Create(_slope) * g);
}

/// <summary>The tanh backward rule as one pass: g·(1 − y²), with y = tanh x the first operand and g the second.</summary>
internal readonly struct TanhBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T y, T g) => g * (T.One - (y * y));
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => g * (Vector128<T>.One - (y * y));
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => g * (Vector256<T>.One - (y * y));
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * (Vector512<T>.One - (y * y));
}

/// <summary>The sigmoid backward rule as one pass: g·y(1 − y), with y = σ(x) the first operand and g the second.</summary>
internal readonly struct SigmoidBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T y, T g) => g * (y - (y * y));
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => g * (y - (y * y));
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => g * (y - (y * y));
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * (y - (y * y));
}

/// <summary>erf x, computed in double precision lane by lane (see <see cref="ErrorFunction"/>).</summary>
public readonly struct ErfOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.CreateTruncating(ErrorFunction.Erf(double.CreateTruncating(x)));
    public Vector128<T> Invoke(Vector128<T> x) => VectorMath.PerLane(x, this);
    public Vector256<T> Invoke(Vector256<T> x) => VectorMath.PerLane(x, this);
    public Vector512<T> Invoke(Vector512<T> x) => VectorMath.PerLane(x, this);
}
