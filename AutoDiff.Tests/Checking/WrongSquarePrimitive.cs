namespace AutoDiff.Tests.Checking;

/// <summary>
/// y = x², a user-defined function with a correct JVP rule (ẏ = 2xẋ) and a deliberately wrong VJP rule (x̄ = 3x·g),
/// so that checks have a derivative to catch.
/// </summary>
internal static class WrongSquarePrimitive
{
    private static readonly CustomFunction Function = new(
        "WrongSquare",
        forward: xs => Ops.Mul(xs[0], xs[0]),
        jvp: (xs, y, dx) => Ops.Mul(Ops.Mul(xs[0], 2.0), dx[0]!),
        vjp: (xs, y, g, index) => Ops.Mul(Ops.Mul(xs[0], 3.0), g));

    public static Tensor Apply(Tensor x) => Function.Invoke(x);
}
