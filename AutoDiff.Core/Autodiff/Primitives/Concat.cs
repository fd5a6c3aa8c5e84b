namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = the inputs joined along an axis. Linear: JVP joins the tangents (zeros where absent); VJP slices g.</summary>
internal sealed class ConcatPrimitive(int axis) : Primitive
{
    public override string Name => "Concat";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var parts = new Tensor[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            parts[i] = tangents[i] ?? Ops.ZerosLike(inputs[i]);
        }

        return Ops.Concat(parts, axis);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var start = 0;
        for (var i = 0; i < index; i++)
        {
            start += inputs[i].Shape[axis];
        }

        return Ops.Slice(cotangent, axis, start, inputs[index].Shape[axis]);
    }
}
