using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// x̄ = convᵀ(g, W), the input gradient of <see cref="Conv2dPrimitive"/> (a transposed convolution): for g [N, O, OH, OW]
/// and W [O, C, KH, KW], the x̄ [N, C, H, W] with ⟨x̄, u⟩ = ⟨g, conv(u, W)⟩ for every u. Bilinear, so
/// JVP: ẋ̄ = convᵀ(ġ, W) + convᵀ(g, Ẇ); VJP for a cotangent c [N, C, H, W]: ḡ = conv(c, W),
/// W̄ = <see cref="Conv2dBackwardWeightPrimitive"/>(c, g). Computed per image as col2im(Wᵀ·g[n]).
/// </summary>
internal sealed class Conv2dBackwardInputPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Conv2dBackwardInput";

    /// <summary>Applies the primitive.</summary>
    public static Tensor Apply(Tensor gradOutput, Tensor weight, ConvGeometry g)
        => Ops.Emit(new Conv2dBackwardInputPrimitive(g), Forward(gradOutput, weight, g), gradOutput, weight);

    public static Tensor Forward(Tensor gradOutput, Tensor weight, ConvGeometry g)
    {
        var o = Conv2dPrimitive.CheckWeight("Conv2dBackwardInput", weight, gradOutput, g);
        Conv2dPrimitive.CheckOutput("Conv2dBackwardInput", gradOutput, g, o);
        var gx = Tensor.Empty(new Shape(g.N, g.C, g.H, g.W), gradOutput.DType);
        if (gx.DType == DType.Float32)
        {
            Convolution.BackwardInput<float>(gradOutput.Span<float>(), weight.Span<float>(), gx.Span<float>(), g, o);
        }
        else
        {
            Convolution.BackwardInput<double>(gradOutput.Span<double>(), weight.Span<double>(), gx.Span<double>(), g, o);
        }

        return gx;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var fromG = tangents[0] is { } dg ? Apply(dg, inputs[1], geometry) : null;
        var fromW = tangents[1] is { } dw ? Apply(inputs[0], dw, geometry) : null;
        return Tangents.Add(fromG, fromW);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => index == 0
        ? Conv2dPrimitive.Apply(cotangent, inputs[1], null, geometry)
        : Conv2dBackwardWeightPrimitive.Apply(cotangent, inputs[0], geometry);
}
