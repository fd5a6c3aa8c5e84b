using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = |x|. JVP: ẏ = sign(x)·ẋ. VJP: x̄ = sign(x)·g (sign(0) = 0, as in PyTorch).</summary>
internal sealed class AbsPrimitive : Primitive
{
    public static readonly AbsPrimitive Instance = new();

    public override string Name => "Abs";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(AbsOperator<float>), default(AbsOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, Ops.Sign(inputs[0]));

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, Ops.Sign(inputs[0]));
}
