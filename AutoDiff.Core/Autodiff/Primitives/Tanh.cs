using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = tanh x. JVP: ẏ = (1 − y²)·ẋ. VJP: x̄ = (1 − y²)·g.</summary>
internal sealed class TanhPrimitive : Primitive
{
    public static readonly TanhPrimitive Instance = new();

    public override string Name => "Tanh";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(TanhOperator<float>), default(TanhOperator<double>));

    private static Tensor Slope(Tensor y) => Ops.Sub(1.0, Ops.Mul(y, y));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, Slope(output));

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, Slope(output));
}
