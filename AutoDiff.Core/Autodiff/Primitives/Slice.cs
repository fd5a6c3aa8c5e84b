namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = x[start : start + length] along an axis. Linear: JVP slices ẋ; VJP pads g with zeros (<see cref="PadPrimitive"/>).</summary>
internal sealed class SlicePrimitive(int axis, int start, int length) : Primitive
{
    public override string Name => "Slice";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Slice(tangents[0]!, axis, start, length);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.Pad(cotangent, axis, start, inputs[0].Shape[axis]);

    internal override bool AccumulatesVjp => true;

    /// <summary>Adds g (and its tangent) into the sliced region of the accumulator, with no padded copy.</summary>
    internal override void AccumulateVjp(Tensor[] inputs, Tensor cotangent, Tensor? cotangentTangent, int index, Tensor accumulator, Tensor? accumulatorTangent)
    {
        TensorMath.AddIntoSlice(accumulator, axis, start, cotangent);
        if (cotangentTangent is not null)
        {
            TensorMath.AddIntoSlice(accumulatorTangent!, axis, start, cotangentTangent);
        }
    }
}

/// <summary>y = zeros of extent n along an axis with x placed at start: the adjoint of slicing. JVP pads ẋ; VJP slices g.</summary>
internal sealed class PadPrimitive(int axis, int start, int size) : Primitive
{
    public override string Name => "Pad";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Pad(tangents[0]!, axis, start, size);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.Slice(cotangent, axis, start, inputs[0].Shape[axis]);
}
