namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y[o, j] = x[o, idx[o, j], j] around an axis, which disappears (picking one class score per row).
/// Linear in x: JVP gathers ẋ; VJP scatters g back (<see cref="ScatterAddPrimitive"/>).
/// </summary>
internal sealed class GatherPrimitive(int axis, int[] index) : Primitive
{
    public override string Name => "Gather";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Gather(tangents[0]!, axis, index);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index1)
        => Ops.ScatterAdd(cotangent, axis, index, inputs[0].Shape);
}

/// <summary>The adjoint of <see cref="GatherPrimitive"/>: zeros with g added at the indexed places. JVP scatters ġ; VJP gathers.</summary>
internal sealed class ScatterAddPrimitive(int axis, int[] index, Shape shape) : Primitive
{
    public override string Name => "ScatterAdd";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.ScatterAdd(tangents[0]!, axis, index, shape);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index1) => Ops.Gather(cotangent, axis, index);
}
