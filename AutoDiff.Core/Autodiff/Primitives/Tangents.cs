namespace AutoDiff.Autodiff.Primitives;

/// <summary>Null-aware arithmetic on tangents (null is zero), for JVP rules.</summary>
internal static class Tangents
{
    /// <summary>a + b where either may be null (zero).</summary>
    public static Tensor? Add(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : Ops.Add(a, b);

    /// <summary>a − b where either may be null (zero).</summary>
    public static Tensor? Sub(Tensor? a, Tensor? b) => b is null ? a : a is null ? Ops.Neg(b) : Ops.Sub(a, b);

    /// <summary><paramref name="t"/> broadcast to <paramref name="shape"/> when it is not already that shape.</summary>
    public static Tensor? Fit(Tensor? t, Shape shape) => t is null || t.Shape == shape ? t : Ops.BroadcastTo(t, shape);

    /// <summary>The tangent, or a zero scalar of the dtype when it is null (for rules that need a tensor).</summary>
    public static Tensor OrZero(Tensor? t, DType dtype) => t ?? Ops.ZeroScalar(dtype);
}
