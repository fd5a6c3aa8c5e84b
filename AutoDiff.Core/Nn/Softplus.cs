namespace AutoDiff.Nn;

/// <summary>The element-wise ln(1 + eˣ), a smooth ReLU.</summary>
public sealed class Softplus : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.Softplus(x);
}
