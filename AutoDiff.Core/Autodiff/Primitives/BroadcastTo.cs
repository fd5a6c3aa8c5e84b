namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = x broadcast to a shape (NumPy rules). JVP: ẏ = broadcast(ẋ). VJP: x̄ = sumto(g, shape of x).</summary>
internal sealed class BroadcastToPrimitive : Primitive
{
    public static readonly BroadcastToPrimitive Instance = new();

    public override string Name => "BroadcastTo";

    public static Tensor Forward(Tensor x, Shape shape)
    {
        var target = Shape.Broadcast(x.Shape, shape, "BroadcastTo");
        if (target != shape)
        {
            throw new ArgumentException($"BroadcastTo: shape {x.Shape} cannot be broadcast to {shape}.");
        }

        return TensorMath.BroadcastTo(x, shape);
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.BroadcastTo(tangents[0]!, output.Shape);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.SumTo(cotangent, inputs[0].Shape);
}
