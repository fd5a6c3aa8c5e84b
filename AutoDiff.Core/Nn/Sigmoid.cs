namespace AutoDiff.Nn;

/// <summary>The element-wise logistic function 1/(1 + e⁻ˣ).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.Sigmoid(x);
}
