namespace AutoDiff.Nn;

/// <summary>
/// The maximum over kernel × kernel windows of each channel of an NCHW input (no padding). The gradient goes to
/// the window's maximum; tied maxima share it.
/// </summary>
public sealed class MaxPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">The window size.</param>
    /// <param name="stride">The step between windows (the window size when null, as in PyTorch).</param>
    public MaxPool2d(int kernelSize, int? stride = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Stride, nameof(stride));
    }

    /// <summary>The window size.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows.</summary>
    public int Stride { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4 || x.Shape[2] < KernelSize || x.Shape[3] < KernelSize)
        {
            throw ShapeError($"[N, C, H ≥ {KernelSize}, W ≥ {KernelSize}]", x);
        }

        return Functional.MaxPool2d(x, KernelSize, Stride);
    }

    /// <inheritdoc/>
    public override string Describe() => $"MaxPool2d(kernel={KernelSize}, stride={Stride})";
}
