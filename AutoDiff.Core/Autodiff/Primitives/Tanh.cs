using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = tanh x. JVP: ẏ = (1 − y²)·ẋ. VJP: x̄ = (1 − y²)·g. Both rules are one fused
/// <see cref="TanhBackwardPrimitive"/> on the saved output, instead of a square, a subtraction and a product.
/// </summary>
internal sealed class TanhPrimitive : Primitive
{
    public static readonly TanhPrimitive Instance = new();

    public override string Name => "Tanh";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(TanhOperator<float>), default(TanhOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.TanhBackward(output, tangents[0]!);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.TanhBackward(output, cotangent);
}

/// <summary>
/// The fused tanh gradient r(y, g) = g·(1 − y²), linear in g. JVP: ṙ = r(y, ġ) − 2·y·g·ẏ.
/// VJP: ḡ = r(y, c), ȳ = −2·y·g·c. Its second derivative in y is what makes tanh networks' HVPs exact.
/// </summary>
internal sealed class TanhBackwardPrimitive : Primitive
{
    public static readonly TanhBackwardPrimitive Instance = new();

    public override string Name => "TanhBackward";

    public static Tensor Forward(Tensor y, Tensor g)
    {
        Ops.CheckSameShape("TanhBackward", y, g);
        return TensorMath.Binary("TanhBackward", y, g, default(TanhBackwardOperator<float>), default(TanhBackwardOperator<double>));
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var (y, g) = (inputs[0], inputs[1]);
        var fromG = tangents[1] is { } dg ? Ops.TanhBackward(y, dg) : null;
        var fromY = tangents[0] is { } dy ? Ops.Mul(Ops.Mul(Ops.Mul(y, g), dy), -2.0) : null;
        return Tangents.Add(fromG, fromY);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => index == 1
            ? Ops.TanhBackward(inputs[0], cotangent)
            : Ops.Mul(Ops.Mul(Ops.Mul(inputs[0], inputs[1]), cotangent), -2.0);
}
