using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// The adjoint of <see cref="Im2ColPrimitive"/>: columns [N, L, C·KH·KW] back to an NCHW image, each window value
/// added at the pixel it was read from (overlaps add, padding is dropped). Linear, so JVP: col2im(ċ); VJP: im2col(g).
/// </summary>
internal sealed class Col2ImPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Col2Im";

    /// <summary>Applies the primitive: [N, OH·OW, C·KH·KW] → [N, C, H, W].</summary>
    public static Tensor Apply(Tensor cols, ConvGeometry g) => Ops.Emit(new Col2ImPrimitive(g), Forward(cols, g), cols);

    public static Tensor Forward(Tensor cols, ConvGeometry g)
    {
        if (cols.Shape != new Shape(g.N, g.L, g.Patch))
        {
            throw new ArgumentException($"Col2Im: expected columns [{g.N}, {g.L}, {g.Patch}] for the geometry {g}, got {cols.Shape}.");
        }

        var image = Tensor.Empty(new Shape(g.N, g.C, g.H, g.W), cols.DType);
        if (cols.DType == DType.Float32)
        {
            SlidingWindows.ScatterAdd<float>(cols.Span<float>(), image.Span<float>(), g);
        }
        else
        {
            SlidingWindows.ScatterAdd<double>(cols.Span<double>(), image.Span<double>(), g);
        }

        return image;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Apply(tangents[0]!, geometry);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Im2ColPrimitive.Apply(cotangent, geometry);
}
