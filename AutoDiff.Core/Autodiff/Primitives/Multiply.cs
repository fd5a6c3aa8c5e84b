using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>z = a · b (broadcasting). JVP: ż = ȧ·b + a·ḃ. VJP: ā = sumto(g·b), b̄ = sumto(g·a).</summary>
internal sealed class MultiplyPrimitive : Primitive
{
    public static readonly MultiplyPrimitive Instance = new();

    public override string Name => "Mul";

    public static Tensor Forward(Tensor a, Tensor b)
        => TensorMath.Binary("Mul", a, b, default(MultiplyOperator<float>), default(MultiplyOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var da = tangents[0] is { } ta ? Ops.Mul(ta, inputs[1]) : null;
        var db = tangents[1] is { } tb ? Ops.Mul(inputs[0], tb) : null;
        return Tangents.Fit(Tangents.Add(da, db), output.Shape);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.SumTo(Ops.Mul(cotangent, inputs[1 - index]), inputs[index].Shape);
}
