namespace AutoDiff.Kernels;

/// <summary>
/// The sizes of a 2-D sliding window over an NCHW input: kernel, stride and zero padding per axis, and the
/// output height and width they give, <c>⌊(H + 2p − k) / s⌋ + 1</c>.
/// </summary>
internal readonly record struct ConvGeometry(int N, int C, int H, int W, int KH, int KW, int SH, int SW, int PH, int PW)
{
    /// <summary>The output height.</summary>
    public int OH => ((H + (2 * PH) - KH) / SH) + 1;

    /// <summary>The output width.</summary>
    public int OW => ((W + (2 * PW) - KW) / SW) + 1;

    /// <summary>The number of window positions per image, OH·OW.</summary>
    public int L => OH * OW;

    /// <summary>The number of values in one window, C·KH·KW.</summary>
    public int Patch => C * KH * KW;
}
