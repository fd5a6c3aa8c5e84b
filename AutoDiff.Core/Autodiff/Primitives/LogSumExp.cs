namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = log Σ eˣ over axes, computed as m + log Σ e^(x − m) with m = max x (finite for any finite input).
/// With p = e^(x − y) (the softmax): JVP: ẏ = Σ p·ẋ. VJP: x̄ = p·g.
/// </summary>
internal sealed class LogSumExpPrimitive(int[] axes, bool keepDim) : Primitive
{
    public override string Name => "LogSumExp";

    public static Tensor Forward(Tensor x, int[] axes, bool keepDim)
    {
        if (x.Size == 0)
        {
            throw new ArgumentException($"LogSumExp: cannot reduce an empty tensor of shape {x.Shape}.");
        }

        using (Levels.HideAll())
        {
            var m = TensorMath.ReduceKeepDims(x, axes, max: true);
            var s = Ops.Log(Ops.Sum(Ops.Exp(Ops.Sub(x, m)), axes, keepDim: true));
            var y = Ops.Add(m, s);
            return keepDim ? y : y.ReshapeView(Ops.ReducedShape(x.Shape, axes, keepDim: false));
        }
    }

    private Tensor Kept(Tensor t, Shape inputShape)
        => keepDim ? t : Ops.Reshape(t, Ops.ReducedShape(inputShape, axes, keepDim: true));

    private Tensor Probabilities(Tensor x, Tensor y) => Ops.Exp(Ops.Sub(x, Kept(y, x.Shape)));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => Ops.Sum(Ops.Mul(Probabilities(inputs[0], output), tangents[0]!), axes, keepDim);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.Mul(Probabilities(inputs[0], output), Kept(cotangent, inputs[0].Shape));
}
