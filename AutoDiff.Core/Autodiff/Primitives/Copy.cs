namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = x, into fresh unpooled storage: how a transform's result leaves the transform's buffer scope while staying
/// differentiable at the enclosing levels. JVP: ẏ = copy(ẋ) (so the tangent leaves the scope too). VJP: x̄ = g.
/// </summary>
internal sealed class CopyPrimitive : Primitive
{
    public static readonly CopyPrimitive Instance = new();

    public override string Name => "Copy";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Copy(tangents[0]!);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => cotangent;
}
