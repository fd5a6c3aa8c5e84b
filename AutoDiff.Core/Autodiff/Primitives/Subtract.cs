using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>z = a − b (broadcasting). JVP: ż = ȧ − ḃ. VJP: ā = sumto(g), b̄ = −sumto(g).</summary>
internal sealed class SubtractPrimitive : Primitive
{
    public static readonly SubtractPrimitive Instance = new();

    public override string Name => "Sub";

    public static Tensor Forward(Tensor a, Tensor b)
        => TensorMath.Binary("Sub", a, b, default(SubtractOperator<float>), default(SubtractOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => Tangents.Fit(Tangents.Sub(tangents[0], tangents[1]), output.Shape);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var g = Ops.SumTo(cotangent, inputs[index].Shape);
        return index == 0 ? g : Ops.Neg(g);
    }
}
