using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c] (cross-correlation with stride and zero padding, as in PyTorch) for x
/// [N, C, H, W], W [O, C, KH, KW] and an optional b [O]. Affine (bilinear in x and W), so
/// JVP: ẏ = conv(ẋ, W) + conv(x, Ẇ) + ḃ; VJP: x̄ = <see cref="Conv2dBackwardInputPrimitive"/>(g, W),
/// W̄ = <see cref="Conv2dBackwardWeightPrimitive"/>(x, g), b̄ = Σ_{n,h,w} g. The arithmetic is the packed GEMM on
/// per-image columns (<see cref="Convolution"/>), the bias written before it accumulates.
/// </summary>
internal sealed class Conv2dPrimitive(ConvGeometry geometry) : Primitive
{
    public override string Name => "Conv2d";

    /// <summary>Applies the primitive (recording and tangents as every primitive).</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g)
    {
        var y = Forward(x, weight, bias, g);
        var primitive = new Conv2dPrimitive(g);
        return bias is null ? Ops.Emit(primitive, y, x, weight) : Ops.Emit(primitive, y, x, weight, bias);
    }

    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g)
    {
        CheckImage("Conv2d", x, g);
        var o = CheckWeight("Conv2d", weight, x, g);
        if (bias is not null)
        {
            Ops.CheckSameDType("Conv2d", x, bias);
            if (bias.Rank != 1 || bias.Shape[0] != o)
            {
                throw new ArgumentException($"Conv2d: expected bias [{o}] for weight {weight.Shape}, got {bias.Shape}.");
            }
        }

        var y = Tensor.Empty(new Shape(g.N, o, g.OH, g.OW), x.DType);
        if (x.DType == DType.Float32)
        {
            Convolution.Forward<float>(x.Span<float>(), weight.Span<float>(), bias is null ? default : bias.Span<float>(), y.Span<float>(), g, o);
        }
        else
        {
            Convolution.Forward<double>(x.Span<double>(), weight.Span<double>(), bias is null ? default : bias.Span<double>(), y.Span<double>(), g, o);
        }

        return y;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var (x, weight) = (inputs[0], inputs[1]);
        var db = inputs.Length > 2 ? tangents[2] : null;
        Tensor? t = null;
        if (tangents[0] is { } dx)
        {
            t = Apply(dx, weight, db, geometry);
            db = null;
        }

        if (tangents[1] is { } dw)
        {
            t = Tangents.Add(t, Apply(x, dw, db, geometry));
            db = null;
        }

        return db is null ? t : Ops.BroadcastTo(Ops.Reshape(db, 1, db.Shape[0], 1, 1), output.Shape);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => index switch
    {
        0 => Conv2dBackwardInputPrimitive.Apply(cotangent, inputs[1], geometry),
        1 => Conv2dBackwardWeightPrimitive.Apply(inputs[0], cotangent, geometry),
        _ => Ops.Sum(cotangent, [0, 2, 3]),
    };

    /// <summary>Throws unless <paramref name="x"/> is the image [N, C, H, W] of <paramref name="g"/>.</summary>
    internal static void CheckImage(string op, Tensor x, ConvGeometry g)
    {
        if (x.Rank != 4 || x.Shape[0] != g.N || x.Shape[1] != g.C || x.Shape[2] != g.H || x.Shape[3] != g.W)
        {
            throw new ArgumentException($"{op}: expected an image [{g.N}, {g.C}, {g.H}, {g.W}], got {x.Shape}.");
        }
    }

    /// <summary>Throws unless <paramref name="weight"/> is [O, C, KH, KW] of <paramref name="g"/> with x's dtype; returns O.</summary>
    internal static int CheckWeight(string op, Tensor weight, Tensor x, ConvGeometry g)
    {
        Ops.CheckSameDType(op, x, weight);
        if (weight.Rank != 4 || weight.Shape[1] != g.C || weight.Shape[2] != g.KH || weight.Shape[3] != g.KW)
        {
            throw new ArgumentException($"{op}: expected weight [O, {g.C}, {g.KH}, {g.KW}] for input {x.Shape}, got {weight.Shape}.");
        }

        return weight.Shape[0];
    }

    /// <summary>Throws unless <paramref name="gradOutput"/> is [N, O, OH, OW] of <paramref name="g"/>.</summary>
    internal static void CheckOutput(string op, Tensor gradOutput, ConvGeometry g, int outChannels)
    {
        if (gradOutput.Rank != 4 || gradOutput.Shape[0] != g.N || gradOutput.Shape[1] != outChannels || gradOutput.Shape[2] != g.OH || gradOutput.Shape[3] != g.OW)
        {
            throw new ArgumentException($"{op}: expected an output gradient [{g.N}, {outChannels}, {g.OH}, {g.OW}], got {gradOutput.Shape}.");
        }
    }
}
