using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// s(x, v)[n, c, i, j] = v at the argmax of x in window (i, j) (the first maximum): the tangent map of
/// <see cref="MaxPool2dPrimitive"/>. Linear in v and piecewise constant in x, so JVP: ṡ = s(x, v̇);
/// VJP: v̄ = <see cref="MaxPool2dScatterPrimitive"/>(x, g), x̄ = 0.
/// </summary>
internal sealed class MaxPool2dSelectPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "MaxPool2dSelect";

    /// <summary>Applies the primitive: x and v [N, C, H, W] → [N, C, OH, OW].</summary>
    public static Tensor Apply(Tensor x, Tensor v, ConvGeometry g) => Ops.Emit(new MaxPool2dSelectPrimitive(g), Forward(x, v, g), x, v);

    public static Tensor Forward(Tensor x, Tensor v, ConvGeometry g)
    {
        Conv2dPrimitive.CheckImage("MaxPool2dSelect", x, g);
        Ops.CheckSameShape("MaxPool2dSelect", x, v);
        Ops.CheckSameDType("MaxPool2dSelect", x, v);
        var y = Tensor.Empty(new Shape(g.N, g.C, g.OH, g.OW), x.DType);
        if (x.DType == DType.Float32)
        {
            MaxPooling.Select<float>(x.Span<float>(), v.Span<float>(), y.Span<float>(), g);
        }
        else
        {
            MaxPooling.Select<double>(x.Span<double>(), v.Span<double>(), y.Span<double>(), g);
        }

        return y;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => tangents[1] is { } dv ? Apply(inputs[0], dv, geometry) : null;

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => index == 1 ? MaxPool2dScatterPrimitive.Apply(inputs[0], cotangent, geometry) : Ops.ZerosLike(inputs[0]);
}
