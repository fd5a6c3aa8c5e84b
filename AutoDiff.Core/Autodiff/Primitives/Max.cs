namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = max x over axes. Ties share the gradient equally (m = 1 at the maxima, c = their count):
/// JVP: ẏ = Σ(m·ẋ)/c. VJP: x̄ = m·g/c.
/// </summary>
internal sealed class MaxPrimitive(int[] axes, bool keepDim) : Primitive
{
    public override string Name => "Max";

    public static Tensor Forward(Tensor x, int[] axes, bool keepDim)
    {
        if (x.Size == 0)
        {
            throw new ArgumentException($"Max: cannot reduce an empty tensor of shape {x.Shape}.");
        }

        var kept = TensorMath.ReduceKeepDims(x, axes, max: true);
        return keepDim ? kept : kept.ReshapeView(Ops.ReducedShape(x.Shape, axes, keepDim: false));
    }

    /// <summary>The normalised tie mask m/c, a constant.</summary>
    private Tensor Weights(Tensor x, Tensor y)
    {
        var kept = y.ReshapeView(Ops.ReducedShape(x.Shape, axes, keepDim: true));
        var mask = Ops.EqualMask(x, kept);
        using (Levels.HideAll())
        {
            return Ops.Div(mask, Ops.Sum(mask, axes, keepDim: true));
        }
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => Ops.Sum(Ops.Mul(tangents[0]!, Weights(inputs[0], output)), axes, keepDim);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var kept = keepDim ? cotangent : Ops.Reshape(cotangent, Ops.ReducedShape(inputs[0].Shape, axes, keepDim: true));
        return Ops.Mul(kept, Weights(inputs[0], output));
    }
}
