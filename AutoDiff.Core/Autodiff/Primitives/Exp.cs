using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = eˣ. JVP: ẏ = ẋ·y. VJP: x̄ = g·y.</summary>
internal sealed class ExpPrimitive : Primitive
{
    public static readonly ExpPrimitive Instance = new();

    public override string Name => "Exp";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(ExpOperator<float>), default(ExpOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, output);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, output);
}
