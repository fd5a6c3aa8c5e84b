using System.Numerics;

namespace AutoDiff.Kernels;

/// <summary>
/// Every sliding window of NCHW images as one row: cols[n, oh·OW + ow, (c·KH + i)·KW + j] =
/// x[n, c, oh·SH − PH + i, ow·SW − PW + j] (zero outside the image), and its adjoint, which adds each window back
/// where it came from. The layout of <c>Functional.Im2Col</c> and the generic pools; convolutions use the per-image
/// transposed layout of <see cref="Convolution"/>.
/// </summary>
internal static class SlidingWindows
{
    /// <summary>Writes the windows of <paramref name="image"/> [N, C, H, W] into <paramref name="cols"/> [N, L, C·KH·KW] (every element).</summary>
    public static void Gather<T>(ReadOnlySpan<T> image, Span<T> cols, ConvGeometry g)
        where T : unmanaged, INumber<T>
    {
        CheckLengths(image.Length, cols.Length, g);
        cols.Clear();
        var copy = new CopyTap<T>(image, cols);
        ForEachTap(ref copy, g);
    }

    /// <summary>Overwrites <paramref name="image"/> [N, C, H, W] with the sum of the window values of <paramref name="cols"/> read from each pixel.</summary>
    public static void ScatterAdd<T>(ReadOnlySpan<T> cols, Span<T> image, ConvGeometry g)
        where T : unmanaged, INumber<T>
    {
        CheckLengths(image.Length, cols.Length, g);
        image.Clear();
        var add = new AddTap<T>(cols, image);
        ForEachTap(ref add, g);
    }

    /// <summary>What happens at one tap: column element <c>col</c> and the image pixel it reads.</summary>
    private interface ITap
    {
        void Visit(int col, int pixel);
    }

    private ref struct CopyTap<T>(ReadOnlySpan<T> image, Span<T> cols) : ITap
    {
        private readonly ReadOnlySpan<T> _image = image;
        private readonly Span<T> _cols = cols;

        public readonly void Visit(int col, int pixel) => _cols[col] = _image[pixel];
    }

    private ref struct AddTap<T>(ReadOnlySpan<T> cols, Span<T> image) : ITap
        where T : INumber<T>
    {
        private readonly ReadOnlySpan<T> _cols = cols;
        private readonly Span<T> _image = image;

        public readonly void Visit(int col, int pixel) => _image[pixel] += _cols[col];
    }

    /// <summary>
    /// Visits every (column element, pixel) pair whose window tap lies inside the image, in one fixed order, so Gather
    /// and its adjoint ScatterAdd walk the same taps.
    /// </summary>
    private static void ForEachTap<TTap>(ref TTap tap, ConvGeometry g)
        where TTap : ITap, allows ref struct
    {
        var patch = g.Patch;
        for (var n = 0; n < g.N; n++)
        {
            for (var y = 0; y < g.OH; y++)
            {
                for (var x = 0; x < g.OW; x++)
                {
                    var row = ((n * g.L) + (y * g.OW) + x) * patch;
                    for (var c = 0; c < g.C; c++)
                    {
                        var channel = ((n * g.C) + c) * g.H * g.W;
                        for (var i = 0; i < g.KH; i++)
                        {
                            var h = (y * g.SH) - g.PH + i;
                            if ((uint)h >= (uint)g.H)
                            {
                                continue;
                            }

                            var col = row + (((c * g.KH) + i) * g.KW);
                            for (var j = 0; j < g.KW; j++)
                            {
                                var w = (x * g.SW) - g.PW + j;
                                if ((uint)w < (uint)g.W)
                                {
                                    tap.Visit(col + j, channel + (h * g.W) + w);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void CheckLengths(int imageLength, int colsLength, ConvGeometry g)
    {
        if (imageLength != g.N * g.C * g.H * g.W || colsLength != g.N * g.L * g.Patch)
        {
            throw new ArgumentException($"Im2Col: an image of {imageLength} and columns of {colsLength} elements do not fit the geometry {g}.");
        }
    }
}
