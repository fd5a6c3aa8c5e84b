using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// cols[n, oh·OW + ow, (c·KH + i)·KW + j] = x[n, c, oh·SH − PH + i, ow·SW − PW + j] (zero outside the image): every
/// sliding window of an NCHW input as one row. Linear in x, so JVP: im2col(ẋ); VJP: col2im(g), the adjoint that adds
/// each window back where it came from (<see cref="Col2ImPrimitive"/>). The loops are <see cref="SlidingWindows"/>.
/// </summary>
internal sealed class Im2ColPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Im2Col";

    /// <summary>Applies the primitive: [N, C, H, W] → [N, OH·OW, C·KH·KW].</summary>
    public static Tensor Apply(Tensor x, ConvGeometry g) => Ops.Emit(new Im2ColPrimitive(g), Forward(x, g), x);

    public static Tensor Forward(Tensor x, ConvGeometry g)
    {
        Conv2dPrimitive.CheckImage("Im2Col", x, g);
        var cols = Tensor.Empty(new Shape(g.N, g.L, g.Patch), x.DType);
        if (x.DType == DType.Float32)
        {
            SlidingWindows.Gather<float>(x.Span<float>(), cols.Span<float>(), g);
        }
        else
        {
            SlidingWindows.Gather<double>(x.Span<double>(), cols.Span<double>(), g);
        }

        return cols;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Apply(tangents[0]!, geometry);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Col2ImPrimitive.Apply(cotangent, geometry);
}
