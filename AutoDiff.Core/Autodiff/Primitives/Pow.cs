using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = xᵖ for a scalar p. JVP: ẏ = p·xᵖ⁻¹·ẋ. VJP: x̄ = p·xᵖ⁻¹·g.</summary>
internal sealed class PowPrimitive(double exponent) : Primitive
{
    public double Exponent { get; } = exponent;

    public override string Name => "Pow";

    public static Tensor Forward(Tensor x, double p)
        => TensorMath.Unary(x, new PowOperator<float>((float)p), new PowOperator<double>(p));

    private Tensor Slope(Tensor x) => Exponent == 1 ? Ops.OnesLike(x) : Ops.Mul(Ops.Pow(x, Exponent - 1), Exponent);

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, Slope(inputs[0]));

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, Slope(inputs[0]));
}
