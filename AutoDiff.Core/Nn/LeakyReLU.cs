namespace AutoDiff.Nn;

/// <summary>The element-wise x for x &gt; 0, else slope·x.</summary>
public sealed class LeakyReLU : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">The slope for negative inputs (PyTorch's default is 0.01).</param>
    public LeakyReLU(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Ops.LeakyRelu(x, NegativeSlope);

    /// <inheritdoc/>
    public override string Describe() => $"LeakyReLU({NegativeSlope})";
}
