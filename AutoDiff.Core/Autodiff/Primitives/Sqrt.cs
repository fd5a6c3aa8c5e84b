using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = √x. JVP: ẏ = ẋ / (2y). VJP: x̄ = g / (2y).</summary>
internal sealed class SqrtPrimitive : Primitive
{
    public static readonly SqrtPrimitive Instance = new();

    public override string Name => "Sqrt";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(SqrtOperator<float>), default(SqrtOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => Ops.Div(Ops.Mul(tangents[0]!, 0.5), output);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.Div(Ops.Mul(cotangent, 0.5), output);
}
