namespace AutoDiff.Nn;

/// <summary>The element-wise hyperbolic tangent.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.Tanh(x);
}
