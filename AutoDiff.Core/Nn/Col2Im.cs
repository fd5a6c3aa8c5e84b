using AutoDiff.Autodiff;

namespace AutoDiff.Nn;

/// <summary>
/// The adjoint of <see cref="Im2ColPrimitive"/>: columns [N, L, C·KH·KW] back to an NCHW image, each window value
/// added at the pixel it was read from (overlaps add, padding is dropped). Linear, so JVP: col2im(ċ);
/// VJP: im2col(g).
/// </summary>
internal sealed class Col2ImPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Col2Im";

    public static Tensor Forward(Tensor cols, ConvGeometry g)
    {
        var image = Tensor.EmptyZeroed(new Shape(g.N, g.C, g.H, g.W), cols.DType);
        if (cols.DType == DType.Float32)
        {
            Im2ColPrimitive.Copy<float>(image.AsSpan<float>(), cols.AsSpan<float>(), g, toCols: false);
        }
        else
        {
            Im2ColPrimitive.Copy<double>(image.AsSpan<double>(), cols.AsSpan<double>(), g, toCols: false);
        }

        return image;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Functional.Col2Im(tangents[0]!, geometry);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Functional.Im2Col(cotangent, geometry);
}
