using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// r(x, g) = the image that holds Σ g[n, c, i, j] at the argmax of x in each window (i, j) (the first maximum) and zero
/// elsewhere: the gradient of <see cref="MaxPool2dPrimitive"/>, the adjoint of <see cref="MaxPool2dSelectPrimitive"/>.
/// Linear in g and piecewise constant in x, so JVP: ṙ = r(x, ġ); VJP: ḡ = select(x, c), x̄ = 0.
/// </summary>
internal sealed class MaxPool2dScatterPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "MaxPool2dScatter";

    /// <summary>Applies the primitive: x [N, C, H, W] and g [N, C, OH, OW] → [N, C, H, W].</summary>
    public static Tensor Apply(Tensor x, Tensor gradOutput, ConvGeometry g)
        => Ops.Emit(new MaxPool2dScatterPrimitive(g), Forward(x, gradOutput, g), x, gradOutput);

    public static Tensor Forward(Tensor x, Tensor gradOutput, ConvGeometry g)
    {
        Conv2dPrimitive.CheckImage("MaxPool2dScatter", x, g);
        Ops.CheckSameDType("MaxPool2dScatter", x, gradOutput);
        Conv2dPrimitive.CheckOutput("MaxPool2dScatter", gradOutput, g, g.C);
        var z = Tensor.Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            MaxPooling.Scatter<float>(x.Span<float>(), gradOutput.Span<float>(), z.Span<float>(), g);
        }
        else
        {
            MaxPooling.Scatter<double>(x.Span<double>(), gradOutput.Span<double>(), z.Span<double>(), g);
        }

        return z;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => tangents[1] is { } dg ? Apply(inputs[0], dg, geometry) : null;

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => index == 1 ? MaxPool2dSelectPrimitive.Apply(inputs[0], cotangent, geometry) : Ops.ZerosLike(inputs[0]);
}
