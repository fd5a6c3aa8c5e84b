namespace AutoDiff.Nn;

/// <summary>
/// A fully connected layer y = x·Wᵀ + b on inputs [*, in], with the weight stored [out, in] as in PyTorch and
/// PyTorch's default initialisation: weight and bias from U(−1/√in, 1/√in).
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">The input width.</param>
    /// <param name="outFeatures">The output width.</param>
    /// <param name="bias">Whether to add a bias.</param>
    /// <param name="dtype">The parameters' element type.</param>
    /// <param name="rng">The generator for initialisation (<see cref="Init.NextDefaultRng"/> when null).</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Rng? rng = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        rng ??= Init.NextDefaultRng();
        RegisterParameter("weight", Init.FanInUniform(Tensor.Zeros(new Shape(outFeatures, inFeatures), dtype), rng, inFeatures));
        if (bias)
        {
            RegisterParameter("bias", Init.FanInUniform(Tensor.Zeros(new Shape(outFeatures), dtype), rng, inFeatures));
        }

        HasBias = bias;
    }

    /// <summary>The input width.</summary>
    public int InFeatures { get; }

    /// <summary>The output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weight [out, in].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias [out], or null.</summary>
    public Tensor? Bias => HasBias ? GetParameter("bias") : null;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1 || x.Shape[^1] != InFeatures)
        {
            throw ShapeError($"[*, {InFeatures}]", x);
        }

        CheckDType(x, Weight.DType);

        return Functional.Linear(x, Weight, Bias);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Linear(in={InFeatures}, out={OutFeatures}, bias={HasBias})";
}
