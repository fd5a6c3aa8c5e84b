namespace AutoDiff.Nn;

/// <summary>The Gaussian error linear unit in its tanh approximation, ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's <c>GELU(approximate='tanh')</c>).</summary>
public sealed class GELU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.Gelu(x);
}
