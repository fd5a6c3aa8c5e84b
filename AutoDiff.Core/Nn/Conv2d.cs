namespace AutoDiff.Nn;

/// <summary>
/// A 2-D convolution over NCHW inputs (cross-correlation, as in PyTorch) with square kernels, stride and zero
/// padding, computed by im2col and one matrix product. Weight [out, in, k, k] and bias [out] start from
/// U(−1/√fan_in, 1/√fan_in), fan_in = in·k², PyTorch's default.
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels (filters).</param>
    /// <param name="kernelSize">The kernel height and width.</param>
    /// <param name="stride">The step between windows.</param>
    /// <param name="padding">The zero padding on each side.</param>
    /// <param name="bias">Whether to add a bias per output channel.</param>
    /// <param name="dtype">The parameters' element type.</param>
    /// <param name="rng">The generator for initialisation (<see cref="Init.NextDefaultRng"/> when null).</param>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true, DType dtype = DType.Float32, Rng? rng = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        HasBias = bias;
        rng ??= Init.NextDefaultRng();
        var fanIn = inChannels * kernelSize * kernelSize;
        RegisterParameter("weight", Init.FanInUniform(Tensor.Zeros(new Shape(outChannels, inChannels, kernelSize, kernelSize), dtype), rng, fanIn));
        if (bias)
        {
            RegisterParameter("bias", Init.FanInUniform(Tensor.Zeros(new Shape(outChannels), dtype), rng, fanIn));
        }
    }

    /// <summary>The input channels.</summary>
    public int InChannels { get; }

    /// <summary>The output channels.</summary>
    public int OutChannels { get; }

    /// <summary>The kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows.</summary>
    public int Stride { get; }

    /// <summary>The zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The filters [out, in, k, k].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias [out], or null.</summary>
    public Tensor? Bias => HasBias ? GetParameter("bias") : null;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[1] != InChannels
            || x.Shape[2] + (2 * Padding) < KernelSize || x.Shape[3] + (2 * Padding) < KernelSize)
        {
            var min = Math.Max(KernelSize - (2 * Padding), 1);
            throw ShapeError($"[N, {InChannels}, H ≥ {min}, W ≥ {min}]", x);
        }

        CheckDType(x, Weight.DType);

        return Functional.Conv2d(x, Weight, Bias, Stride, Padding);
    }

    /// <inheritdoc/>
    public override string Describe()
        => $"Conv2d(in={InChannels}, out={OutChannels}, kernel={KernelSize}, stride={Stride}, padding={Padding}, bias={HasBias})";
}
