namespace AutoDiff.Nn;

/// <summary>
/// The Gaussian error linear unit: exactly ½x(1 + erf(x/√2)) by default, as PyTorch's <c>nn.GELU()</c>, or its tanh
/// approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))) with <see cref="GeluApproximation.Tanh"/>.
/// </summary>
/// <param name="approximate">Which form to compute (PyTorch's <c>approximate</c>).</param>
public sealed class GELU(GeluApproximation approximate = GeluApproximation.None) : Module
{
    /// <summary>Which form this layer computes.</summary>
    public GeluApproximation Approximate { get; } = approximate;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.Gelu(x, tanhApproximation: Approximate == GeluApproximation.Tanh);

    /// <inheritdoc/>
    public override string Describe() => Approximate == GeluApproximation.Tanh ? "GELU(approximate='tanh')" : "GELU()";
}
