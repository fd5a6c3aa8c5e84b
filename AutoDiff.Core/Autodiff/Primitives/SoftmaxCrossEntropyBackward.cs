using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// r(z, g) = g·s·(softmax(z) − onehot(y)) for logits z [N, C] and a scalar g: the gradient of
/// <see cref="SoftmaxCrossEntropyPrimitive"/>, one pass per row. Linear in g; in z its derivative is the
/// cross-entropy Hessian, per row g·s·(diag p − p pᵀ), which is symmetric, so
/// JVP: ṙ = g·s·(p⊙ż − p·Σ_c p⊙ż) + r(z, ġ); VJP: z̄ = g·s·(p⊙c − p·Σ_c p⊙c), ḡ = Σ c⊙r(z, 1).
/// </summary>
internal sealed class SoftmaxCrossEntropyBackwardPrimitive(int[] labels, double scale) : Primitive
{
    public override string Name => "SoftmaxCrossEntropyBackward";

    /// <summary>Applies the primitive; <paramref name="g"/> is a scalar.</summary>
    public static Tensor Apply(Tensor logits, Tensor g, int[] labels, double scale)
        => Ops.Emit(new SoftmaxCrossEntropyBackwardPrimitive(labels, scale), Forward(logits, g, labels, scale), logits, g);

    public static Tensor Forward(Tensor logits, Tensor g, int[] labels, double scale)
    {
        Ops.CheckSameDType("SoftmaxCrossEntropyBackward", logits, g);
        if (g.Size != 1)
        {
            throw new ArgumentException($"SoftmaxCrossEntropyBackward: the output gradient must be a scalar, got {g.Shape} for logits {logits.Shape}.");
        }

        var result = Tensor.Empty(logits.Shape, logits.DType);
        var classes = logits.Shape[1];
        if (logits.DType == DType.Float32)
        {
            Kernels.SoftmaxCrossEntropy.Gradient(logits.Span<float>(), labels, classes, g.Span<float>()[0] * (float)scale, result.Span<float>());
        }
        else
        {
            Kernels.SoftmaxCrossEntropy.Gradient(logits.Span<double>(), labels, classes, g.Span<double>()[0] * scale, result.Span<double>());
        }

        return result;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var (z, g) = (inputs[0], inputs[1]);
        var fromZ = tangents[0] is { } dz ? Curvature(z, g, dz) : null;
        var fromG = tangents[1] is { } dg ? Apply(z, dg, labels, scale) : null;
        return Tangents.Add(fromZ, fromG);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var (z, g) = (inputs[0], inputs[1]);
        return index == 0
            ? Curvature(z, g, cotangent)
            : Ops.Reshape(Ops.Sum(Ops.Mul(cotangent, Apply(z, Tensor.Scalar(1.0, z.DType), labels, scale))), g.Shape.ToArray());
    }

    /// <summary>g·s·(p⊙v − p·Σ_c p⊙v), the cross-entropy Hessian (times g·s) applied to v row by row.</summary>
    private Tensor Curvature(Tensor z, Tensor g, Tensor v)
    {
        var p = Ops.Softmax(z, 1);
        var pv = Ops.Mul(p, v);
        var hv = Ops.Sub(pv, Ops.Mul(p, Ops.Sum(pv, [1], keepDim: true)));
        return Ops.Mul(hv, Ops.Mul(g, scale));
    }
}
