using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = ln x. JVP: ẏ = ẋ / x. VJP: x̄ = g / x.</summary>
internal sealed class LogPrimitive : Primitive
{
    public static readonly LogPrimitive Instance = new();

    public override string Name => "Log";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(LogOperator<float>), default(LogOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Div(tangents[0]!, inputs[0]);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Div(cotangent, inputs[0]);
}
