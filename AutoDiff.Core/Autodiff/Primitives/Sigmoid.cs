using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = σ(x) = 1 / (1 + e⁻ˣ). JVP: ẏ = y(1 − y)·ẋ. VJP: x̄ = y(1 − y)·g.</summary>
internal sealed class SigmoidPrimitive : Primitive
{
    public static readonly SigmoidPrimitive Instance = new();

    public override string Name => "Sigmoid";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(SigmoidOperator<float>), default(SigmoidOperator<double>));

    private static Tensor Slope(Tensor y) => Ops.Mul(y, Ops.Sub(1.0, y));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, Slope(output));

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, Slope(output));
}
