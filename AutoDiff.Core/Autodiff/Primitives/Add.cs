using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>z = a + b (broadcasting). JVP: ż = ȧ + ḃ. VJP: ā = sumto(g), b̄ = sumto(g).</summary>
internal sealed class AddPrimitive : Primitive
{
    public static readonly AddPrimitive Instance = new();

    public override string Name => "Add";

    public static Tensor Forward(Tensor a, Tensor b)
        => TensorMath.Binary("Add", a, b, default(AddOperator<float>), default(AddOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => Tangents.Fit(Tangents.Add(tangents[0], tangents[1]), output.Shape);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.SumTo(cotangent, inputs[index].Shape);
}
