using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = −x. JVP: ẏ = −ẋ. VJP: x̄ = −g.</summary>
internal sealed class NegatePrimitive : Primitive
{
    public static readonly NegatePrimitive Instance = new();

    public override string Name => "Neg";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(NegateOperator<float>), default(NegateOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Neg(tangents[0]!);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Neg(cotangent);
}
