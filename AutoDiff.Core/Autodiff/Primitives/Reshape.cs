namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = x with a new shape of the same size (storage shared). JVP: reshape ẋ. VJP: reshape g back.</summary>
internal sealed class ReshapePrimitive : Primitive
{
    public static readonly ReshapePrimitive Instance = new();

    public override string Name => "Reshape";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Reshape(tangents[0]!, output.Shape);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.Reshape(cotangent, inputs[0].Shape);
}
