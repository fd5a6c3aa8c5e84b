namespace AutoDiff.Nn;

/// <summary>
/// The mean over kernel × kernel windows of each channel of an NCHW input; padded zeros count in the mean
/// (PyTorch's default <c>count_include_pad=True</c>).
/// </summary>
public sealed class AvgPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">The window size.</param>
    /// <param name="stride">The step between windows (the window size when null, as in PyTorch).</param>
    /// <param name="padding">The zero padding on each side, at most half of <paramref name="kernelSize"/>.</param>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (2 * padding > kernelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"AvgPool2d: padding {padding} must be at most half the kernel size {kernelSize} (as in PyTorch), or whole windows would lie in the padding.");
        }

        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Stride, nameof(stride));
    }

    /// <summary>The window size.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows.</summary>
    public int Stride { get; }

    /// <summary>The zero padding on each side.</summary>
    public int Padding { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[2] + (2 * Padding) < KernelSize || x.Shape[3] + (2 * Padding) < KernelSize)
        {
            var min = Math.Max(KernelSize - (2 * Padding), 1);
            throw ShapeError($"[N, C, H ≥ {min}, W ≥ {min}]", x);
        }

        return Functional.AvgPool2d(x, KernelSize, Stride, Padding);
    }

    /// <inheritdoc/>
    public override string Describe() => $"AvgPool2d(kernel={KernelSize}, stride={Stride}, padding={Padding})";
}
