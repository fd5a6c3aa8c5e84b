using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = ln(1 + eˣ), computed stably. JVP: ẏ = σ(x)·ẋ. VJP: x̄ = σ(x)·g.</summary>
internal sealed class SoftplusPrimitive : Primitive
{
    public static readonly SoftplusPrimitive Instance = new();

    public override string Name => "Softplus";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(SoftplusOperator<float>), default(SoftplusOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, Ops.Sigmoid(inputs[0]));

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, Ops.Sigmoid(inputs[0]));
}
