using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = σ(x) = 1 / (1 + e⁻ˣ). JVP: ẏ = y(1 − y)·ẋ. VJP: x̄ = y(1 − y)·g, both one fused
/// <see cref="SigmoidBackwardPrimitive"/> on the saved output.
/// </summary>
internal sealed class SigmoidPrimitive : Primitive
{
    public static readonly SigmoidPrimitive Instance = new();

    public override string Name => "Sigmoid";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(SigmoidOperator<float>), default(SigmoidOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.SigmoidBackward(output, tangents[0]!);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.SigmoidBackward(output, cotangent);
}

/// <summary>
/// The fused sigmoid gradient r(y, g) = g·y(1 − y), linear in g. JVP: ṙ = r(y, ġ) + (1 − 2y)·g·ẏ.
/// VJP: ḡ = r(y, c), ȳ = (1 − 2y)·g·c.
/// </summary>
internal sealed class SigmoidBackwardPrimitive : Primitive
{
    public static readonly SigmoidBackwardPrimitive Instance = new();

    public override string Name => "SigmoidBackward";

    public static Tensor Forward(Tensor y, Tensor g)
    {
        Ops.CheckSameShape("SigmoidBackward", y, g);
        return TensorMath.Binary("SigmoidBackward", y, g, default(SigmoidBackwardOperator<float>), default(SigmoidBackwardOperator<double>));
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var (y, g) = (inputs[0], inputs[1]);
        var fromG = tangents[1] is { } dg ? Ops.SigmoidBackward(y, dg) : null;
        var fromY = tangents[0] is { } dy ? Ops.Mul(Curvature(y, g), dy) : null;
        return Tangents.Add(fromG, fromY);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => index == 1 ? Ops.SigmoidBackward(inputs[0], cotangent) : Ops.Mul(Curvature(inputs[0], inputs[1]), cotangent);

    /// <summary>∂r/∂y = (1 − 2y)·g.</summary>
    private static Tensor Curvature(Tensor y, Tensor g) => Ops.Mul(Ops.Sub(1.0, Ops.Mul(y, 2.0)), g);
}
