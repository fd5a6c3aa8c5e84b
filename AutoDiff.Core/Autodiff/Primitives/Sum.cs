namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = Σ x over axes. JVP: ẏ = Σ ẋ. VJP: x̄ = broadcast(g) back to x's shape.</summary>
internal sealed class SumPrimitive(int[] axes, bool keepDim) : Primitive
{
    public override string Name => "Sum";

    public static Tensor Forward(Tensor x, int[] axes, bool keepDim)
    {
        var kept = TensorMath.ReduceKeepDims(x, axes, max: false);
        return keepDim ? kept : kept.ReshapeView(Ops.ReducedShape(x.Shape, axes, keepDim: false));
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Sum(tangents[0]!, axes, keepDim);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var kept = keepDim ? cotangent : Ops.Reshape(cotangent, Ops.ReducedShape(inputs[0].Shape, axes, keepDim: true));
        return Ops.BroadcastTo(kept, inputs[0].Shape);
    }
}
