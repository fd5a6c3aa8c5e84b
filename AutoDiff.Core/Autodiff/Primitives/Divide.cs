using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>z = a / b (broadcasting). JVP: ż = (ȧ − z·ḃ) / b. VJP: ā = sumto(g / b), b̄ = −sumto(g·z / b).</summary>
internal sealed class DividePrimitive : Primitive
{
    public static readonly DividePrimitive Instance = new();

    public override string Name => "Div";

    public static Tensor Forward(Tensor a, Tensor b)
        => TensorMath.Binary("Div", a, b, default(DivideOperator<float>), default(DivideOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var numerator = Tangents.Sub(tangents[0], tangents[1] is { } tb ? Ops.Mul(output, tb) : null);
        return Tangents.Fit(numerator is null ? null : Ops.Div(numerator, inputs[1]), output.Shape);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var g = Ops.Div(cotangent, inputs[1]);
        return index == 0
            ? Ops.SumTo(g, inputs[0].Shape)
            : Ops.Neg(Ops.SumTo(Ops.Mul(g, output), inputs[1].Shape));
    }
}
