using AutoDiff.Autodiff.Primitives;
using AutoDiff.Kernels;

namespace AutoDiff.Nn;

/// <summary>
/// The stateless forms of the layers (like <c>torch.nn.functional</c>): each takes its parameters as arguments and
/// is composed of differentiable ops, so gradients, JVPs and Hessian-vector products flow through it.
/// </summary>
public static class Functional
{
    /// <summary>x·Wᵀ + b for x [*, in], weight [out, in] and an optional bias [out].</summary>
    /// <param name="x">The input, last axis of length in.</param>
    /// <param name="weight">The weight, [out, in] as in PyTorch.</param>
    /// <param name="bias">The bias [out], or null.</param>
    /// <returns>The output [*, out].</returns>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        if (bias is not null && x.Rank == 2)
        {
            return Ops.Linear(x, weight, bias);
        }

        var y = Ops.MatMul(x, weight, transB: true);
        return bias is null ? y : Ops.Add(y, bias);
    }

    /// <summary>
    /// Every sliding window of an NCHW input as one row: [N, C, H, W] → [N, OH·OW, C·kh·kw], zero-padded by
    /// <paramref name="padding"/> on each side. The window values are ordered (channel, row, column), matching a
    /// convolution weight [out, C, kh, kw] flattened to [out, C·kh·kw].
    /// </summary>
    /// <param name="x">The input [N, C, H, W].</param>
    /// <param name="kernelHeight">The window height.</param>
    /// <param name="kernelWidth">The window width.</param>
    /// <param name="stride">The step between windows along both axes.</param>
    /// <param name="padding">The zero padding on each side along both axes.</param>
    /// <returns>The columns [N, OH·OW, C·kh·kw].</returns>
    public static Tensor Im2Col(Tensor x, int kernelHeight, int kernelWidth, int stride = 1, int padding = 0)
        => Im2ColPrimitive.Apply(x, Geometry("Im2Col", x, kernelHeight, kernelWidth, stride, padding));

    /// <summary>
    /// The 2-D convolution (cross-correlation, as in PyTorch) of an NCHW input with weight [out, C, kh, kw] and an
    /// optional bias [out]: one primitive whose forward pass and both gradients run the packed GEMM on per-image columns.
    /// </summary>
    /// <param name="x">The input [N, C, H, W].</param>
    /// <param name="weight">The filters [out, C, kh, kw].</param>
    /// <param name="bias">The bias [out], or null.</param>
    /// <param name="stride">The step between windows along both axes.</param>
    /// <param name="padding">The zero padding on each side along both axes.</param>
    /// <returns>The output [N, out, OH, OW].</returns>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        if (weight.Rank != 4 || x.Rank != 4 || x.Shape[1] != weight.Shape[1])
        {
            throw new ArgumentException($"Conv2d: expected input [N, {(weight.Rank == 4 ? weight.Shape[1] : -1)}, H, W] for weight {weight.Shape}, got {x.Shape}.");
        }

        return Conv2dPrimitive.Apply(x, weight, bias, Geometry("Conv2d", x, weight.Shape[2], weight.Shape[3], stride, padding));
    }

    /// <summary>
    /// The maximum over each kernel × kernel window of every channel (no padding); the gradient goes to the first
    /// maximum of each window, as in PyTorch.
    /// </summary>
    /// <param name="x">The input [N, C, H, W].</param>
    /// <param name="kernelSize">The window size.</param>
    /// <param name="stride">The step between windows (the window size when null).</param>
    /// <returns>The output [N, C, OH, OW].</returns>
    public static Tensor MaxPool2d(Tensor x, int kernelSize, int? stride = null)
        => MaxPool2dPrimitive.Apply(x, Geometry("MaxPool2d", x, kernelSize, kernelSize, stride ?? kernelSize, 0));

    /// <summary>
    /// The mean over each kernel × kernel window of every channel; padded zeros count in the mean
    /// (PyTorch's <c>count_include_pad=True</c>).
    /// </summary>
    /// <param name="x">The input [N, C, H, W].</param>
    /// <param name="kernelSize">The window size.</param>
    /// <param name="stride">The step between windows (the window size when null).</param>
    /// <param name="padding">The zero padding on each side.</param>
    /// <returns>The output [N, C, OH, OW].</returns>
    public static Tensor AvgPool2d(Tensor x, int kernelSize, int? stride = null, int padding = 0)
        => Pool("AvgPool2d", x, kernelSize, stride ?? kernelSize, padding);

    private static Tensor Pool(string op, Tensor x, int kernel, int stride, int padding)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op}: expected input [N, C, H, W], got {x.Shape}.");
        }

        if (2 * padding > kernel)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{op}: padding {padding} must be at most half the kernel size {kernel} (as in PyTorch).");
        }

        var (n, c, h, w) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
        var planes = Ops.Reshape(x, n * c, 1, h, w);
        var g = Geometry(op, planes, kernel, kernel, stride, padding);
        var pooled = Ops.Mean(Im2ColPrimitive.Apply(planes, g), [2]);
        return Ops.Reshape(pooled, n, c, g.OH, g.OW);
    }

    internal static ConvGeometry Geometry(string op, Tensor x, int kh, int kw, int stride, int padding)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op}: expected input [N, C, H, W], got {x.Shape}.");
        }

        if (kh <= 0 || kw <= 0 || stride <= 0 || padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kh), $"{op}: kernel {kh}×{kw}, stride {stride} and padding {padding} must be positive (padding non-negative).");
        }

        var g = new ConvGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kh, kw, stride, stride, padding, padding);
        if (x.Shape[2] + (2 * padding) < kh || x.Shape[3] + (2 * padding) < kw)
        {
            throw new ArgumentException($"{op}: the {kh}×{kw} kernel does not fit the input {x.Shape} with padding {padding}.");
        }

        return g;
    }
}
