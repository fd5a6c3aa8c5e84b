using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y[n, c, i, j] = max over the KH×KW window at (i·SH, j·SW) of x[n, c] (no padding). Piecewise linear: the output is
/// x at each window's argmax (the first maximum, as in PyTorch), so JVP: ẏ = <see cref="MaxPool2dSelectPrimitive"/>(x, ẋ);
/// VJP: x̄ = <see cref="MaxPool2dScatterPrimitive"/>(x, g), no argmax indices stored between the passes.
/// </summary>
internal sealed class MaxPool2dPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "MaxPool2d";

    /// <summary>Applies the primitive: [N, C, H, W] → [N, C, OH, OW].</summary>
    public static Tensor Apply(Tensor x, ConvGeometry g) => Ops.Emit(new MaxPool2dPrimitive(g), Forward(x, g), x);

    public static Tensor Forward(Tensor x, ConvGeometry g)
    {
        Conv2dPrimitive.CheckImage("MaxPool2d", x, g);
        var y = Tensor.Empty(new Shape(g.N, g.C, g.OH, g.OW), x.DType);
        if (x.DType == DType.Float32)
        {
            MaxPooling.Forward<float>(x.Span<float>(), y.Span<float>(), g);
        }
        else
        {
            MaxPooling.Forward<double>(x.Span<double>(), y.Span<double>(), g);
        }

        return y;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => MaxPool2dSelectPrimitive.Apply(inputs[0], tangents[0]!, geometry);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => MaxPool2dScatterPrimitive.Apply(inputs[0], cotangent, geometry);
}
