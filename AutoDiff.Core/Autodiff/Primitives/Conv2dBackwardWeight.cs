using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// W̄ = Σₙ g[n]·cols(x[n])ᵀ, the weight gradient of <see cref="Conv2dPrimitive"/>: for x [N, C, H, W] and
/// g [N, O, OH, OW], the W̄ [O, C, KH, KW] with ⟨W̄, V⟩ = ⟨g, conv(x, V)⟩ for every V. Bilinear, so
/// JVP: Ẇ̄ = W̄(ẋ, g) + W̄(x, ġ); VJP for a cotangent C [O, C, KH, KW]: x̄ = <see cref="Conv2dBackwardInputPrimitive"/>(g, C),
/// ḡ = conv(x, C). The sum over images runs in fixed groups added in order, so it does not depend on the thread count.
/// </summary>
internal sealed class Conv2dBackwardWeightPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Conv2dBackwardWeight";

    /// <summary>Applies the primitive.</summary>
    public static Tensor Apply(Tensor x, Tensor gradOutput, ConvGeometry g)
        => Ops.Emit(new Conv2dBackwardWeightPrimitive(g), Forward(x, gradOutput, g), x, gradOutput);

    public static Tensor Forward(Tensor x, Tensor gradOutput, ConvGeometry g)
    {
        Conv2dPrimitive.CheckImage("Conv2dBackwardWeight", x, g);
        Ops.CheckSameDType("Conv2dBackwardWeight", x, gradOutput);
        var o = gradOutput.Rank == 4 ? gradOutput.Shape[1] : -1;
        Conv2dPrimitive.CheckOutput("Conv2dBackwardWeight", gradOutput, g, o);
        var gw = Tensor.Empty(new Shape(o, g.C, g.KH, g.KW), x.DType);
        if (x.DType == DType.Float32)
        {
            Convolution.BackwardWeight<float>(x.Span<float>(), gradOutput.Span<float>(), gw.Span<float>(), g, o);
        }
        else
        {
            Convolution.BackwardWeight<double>(x.Span<double>(), gradOutput.Span<double>(), gw.Span<double>(), g, o);
        }

        return gw;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var fromX = tangents[0] is { } dx ? Apply(dx, inputs[1], geometry) : null;
        var fromG = tangents[1] is { } dg ? Apply(inputs[0], dg, geometry) : null;
        return Tangents.Add(fromX, fromG);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => index == 0
        ? Conv2dBackwardInputPrimitive.Apply(inputs[1], cotangent, geometry)
        : Conv2dPrimitive.Apply(inputs[0], cotangent, null, geometry);
}
