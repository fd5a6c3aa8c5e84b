namespace AutoDiff.Nn;

/// <summary>Reshapes [N, d₁, d₂, …] to [N, d₁·d₂·…] (PyTorch's <c>nn.Flatten()</c> with its defaults).</summary>
public sealed class Flatten : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2)
        {
            // Like PyTorch's nn.Flatten (start_dim = 1): a 1-D input has no axis after the batch axis to flatten.
            throw ShapeError("[N, *]", x);
        }

        return Ops.Flatten(x);
    }
}
