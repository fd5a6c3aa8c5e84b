using System.Numerics;
using AutoDiff.Autodiff;

namespace AutoDiff.Nn;

/// <summary>
/// cols[n, oh·OW + ow, (c·KH + i)·KW + j] = x[n, c, oh·SH − PH + i, ow·SW − PW + j] (zero outside the image): every
/// sliding window of an NCHW input as one row, so a convolution is one matrix product. Linear in x, so
/// JVP: im2col(ẋ); VJP: col2im(g), the adjoint that adds each window back where it came from
/// (<see cref="Col2ImPrimitive"/>).
/// </summary>
internal sealed class Im2ColPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Im2Col";

    public static Tensor Forward(Tensor x, ConvGeometry g)
    {
        var cols = Tensor.EmptyZeroed(new Shape(g.N, g.L, g.Patch), x.DType);
        if (x.DType == DType.Float32)
        {
            Copy<float>(x.AsSpan<float>(), cols.AsSpan<float>(), g, toCols: true);
        }
        else
        {
            Copy<double>(x.AsSpan<double>(), cols.AsSpan<double>(), g, toCols: true);
        }

        return cols;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Functional.Im2Col(tangents[0]!, geometry);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Functional.Col2Im(cotangent, geometry);

    /// <summary>
    /// Moves values between image and columns: image → columns when <paramref name="toCols"/> (a gather), else
    /// columns → image, adding where windows overlap (a scatter-add into a zeroed image).
    /// </summary>
    internal static void Copy<T>(Span<T> image, Span<T> cols, ConvGeometry g, bool toCols)
        where T : unmanaged, INumber<T>
    {
        var oh = g.OH;
        var ow = g.OW;
        var patch = g.Patch;
        for (var n = 0; n < g.N; n++)
        {
            var imageBase = n * g.C * g.H * g.W;
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    var row = ((n * g.L) + (y * ow) + x) * patch;
                    for (var c = 0; c < g.C; c++)
                    {
                        var channelBase = imageBase + (c * g.H * g.W);
                        for (var i = 0; i < g.KH; i++)
                        {
                            var h = (y * g.SH) - g.PH + i;
                            var colBase = row + (((c * g.KH) + i) * g.KW);
                            if ((uint)h >= (uint)g.H)
                            {
                                continue;
                            }

                            for (var j = 0; j < g.KW; j++)
                            {
                                var w = (x * g.SW) - g.PW + j;
                                if ((uint)w >= (uint)g.W)
                                {
                                    continue;
                                }

                                if (toCols)
                                {
                                    cols[colBase + j] = image[channelBase + (h * g.W) + w];
                                }
                                else
                                {
                                    image[channelBase + (h * g.W) + w] += cols[colBase + j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
