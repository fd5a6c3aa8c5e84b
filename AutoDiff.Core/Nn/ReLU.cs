namespace AutoDiff.Nn;

/// <summary>The element-wise max(x, 0).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.Relu(x);
}
