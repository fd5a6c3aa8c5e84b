namespace AutoDiff.Nn;

/// <summary>Batch normalisation of [N, C] or [N, C, L] inputs per channel C (see <see cref="BatchNorm"/>).</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">The number of channels C.</param>
    /// <param name="eps">The ε added to the variance.</param>
    /// <param name="momentum">The weight of the new batch in the running estimates.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    /// <param name="dtype">The element type of parameters and buffers.</param>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, dtype)
    {
    }

    /// <inheritdoc/>
    protected override string ExpectedShape => $"[N, {NumFeatures}] or [N, {NumFeatures}, L]";

    /// <inheritdoc/>
    protected override bool AcceptsRank(int rank) => rank is 2 or 3;
}
