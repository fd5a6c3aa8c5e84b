namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = x converted to another dtype. JVP: convert ẋ. VJP: convert g back to x's dtype.</summary>
internal sealed class CastPrimitive(DType dtype) : Primitive
{
    public override string Name => "Cast";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Cast(tangents[0]!, dtype);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Cast(cotangent, inputs[0].DType);
}
