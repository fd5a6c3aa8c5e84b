using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// L = s·Σₙ (logsumexp(zₙ) − zₙ[yₙ]) for logits z [N, C], fixed labels y and scale s (1/N for the mean): softmax
/// cross-entropy as one primitive and one pass, instead of log-softmax, gather, negation and mean. With
/// pₙ = softmax(zₙ), JVP: L̇ = s·Σ (p − onehot(y))·ż; VJP: z̄ = <see cref="SoftmaxCrossEntropyBackwardPrimitive"/>(z, g) =
/// g·s·(p − onehot(y)).
/// </summary>
internal sealed class SoftmaxCrossEntropyPrimitive(int[] labels, double scale) : Primitive
{
    public override string Name => "SoftmaxCrossEntropy";

    /// <summary>Applies the primitive; <paramref name="labels"/> must already be validated against the logits.</summary>
    public static Tensor Apply(Tensor logits, int[] labels, double scale)
        => Ops.Emit(new SoftmaxCrossEntropyPrimitive(labels, scale), Forward(logits, labels, scale), logits);

    public static Tensor Forward(Tensor logits, int[] labels, double scale)
    {
        var loss = Tensor.Empty(Shape.Scalar, logits.DType);
        var classes = logits.Shape[1];
        if (logits.DType == DType.Float32)
        {
            loss.Span<float>()[0] = Kernels.SoftmaxCrossEntropy.Loss(logits.Span<float>(), labels, classes, (float)scale);
        }
        else
        {
            loss.Span<double>()[0] = Kernels.SoftmaxCrossEntropy.Loss(logits.Span<double>(), labels, classes, scale);
        }

        return loss;
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var one = Tensor.Scalar(1.0, inputs[0].DType);
        return Ops.Sum(Ops.Mul(tangents[0]!, SoftmaxCrossEntropyBackwardPrimitive.Apply(inputs[0], one, labels, scale)));
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => SoftmaxCrossEntropyBackwardPrimitive.Apply(inputs[0], cotangent, labels, scale);
}
