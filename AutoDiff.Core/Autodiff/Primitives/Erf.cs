using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = erf x. JVP: ẏ = (2/√π)·e^(−x²)·ẋ. VJP: x̄ = (2/√π)·e^(−x²)·g.</summary>
internal sealed class ErfPrimitive : Primitive
{
    public static readonly ErfPrimitive Instance = new();

    public override string Name => "Erf";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(ErfOperator<float>), default(ErfOperator<double>));

    private static Tensor Slope(Tensor x) => Ops.Mul(Ops.Exp(Ops.Neg(Ops.Square(x))), 2 / Math.Sqrt(Math.PI));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Mul(tangents[0]!, Slope(inputs[0]));

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Mul(cotangent, Slope(inputs[0]));
}
