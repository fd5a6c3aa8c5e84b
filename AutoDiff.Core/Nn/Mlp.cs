namespace AutoDiff.Nn;

/// <summary>Builds multi-layer perceptrons as <see cref="Sequential"/> models.</summary>
public static class Mlp
{
    /// <summary>
    /// A perceptron with layer widths <paramref name="sizes"/> (input first, output last): for each hidden width,
    /// Linear → [BatchNorm1d] → activation → [Dropout], then a final Linear with no activation (logits).
    /// </summary>
    /// <param name="sizes">The widths, at least two: input, hidden…, output.</param>
    /// <param name="activation">The hidden activation.</param>
    /// <param name="batchNorm">Whether to insert batch normalisation after each hidden Linear.</param>
    /// <param name="dropout">The dropout probability after each hidden activation (0 for none).</param>
    /// <param name="dtype">The parameters' element type.</param>
    /// <param name="rng">The generator for initialisation and dropout masks (<see cref="Init.NextDefaultRng"/> when null).</param>
    /// <returns>The model.</returns>
    public static Sequential Create(
        IReadOnlyList<int> sizes,
        Activation activation = Activation.ReLU,
        bool batchNorm = false,
        double dropout = 0,
        DType dtype = DType.Float32,
        Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2)
        {
            throw new ArgumentException($"Mlp: needs at least an input and an output width, got [{string.Join(", ", sizes)}].", nameof(sizes));
        }

        rng ??= Init.NextDefaultRng();
        var model = new Sequential();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            model.Add(new Linear(sizes[i], sizes[i + 1], dtype: dtype, rng: rng.Fork()));
            if (i + 2 == sizes.Count)
            {
                break;
            }

            if (batchNorm)
            {
                model.Add(new BatchNorm1d(sizes[i + 1], dtype: dtype));
            }

            model.Add(CreateActivation(activation));
            if (dropout > 0)
            {
                model.Add(new Dropout(dropout, rng.Fork()));
            }
        }

        return model;
    }

    /// <summary>A new module for <paramref name="activation"/>.</summary>
    /// <param name="activation">The activation.</param>
    /// <returns>The module.</returns>
    public static Module CreateActivation(Activation activation) => activation switch
    {
        Activation.ReLU => new ReLU(),
        Activation.LeakyReLU => new LeakyReLU(),
        Activation.Tanh => new Tanh(),
        Activation.Sigmoid => new Sigmoid(),
        Activation.Softplus => new Softplus(),
        Activation.GELU => new GELU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), $"Mlp: unknown activation {activation}."),
    };
}
