using AutoDiff.Autodiff.Primitives;

namespace AutoDiff.Nn;

/// <summary>
/// The standard losses, written with differentiable ops (so gradients, JVPs and HVPs of them are exact) and in
/// numerically stable forms. Each returns a scalar.
/// </summary>
public static class Losses
{
    /// <summary>Mean (or summed) squared error Σ(ŷ − y)² over all elements.</summary>
    /// <param name="prediction">The predictions.</param>
    /// <param name="target">The targets, same shape and dtype.</param>
    /// <param name="reduction">Mean or sum over the elements.</param>
    /// <returns>The scalar loss.</returns>
    public static Tensor Mse(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckPair("Mse", prediction, target);
        var d = Ops.Sub(prediction, target);
        return Reduce(Ops.Mul(d, d), reduction);
    }

    /// <summary>
    /// Logistic loss on logits z with targets y ∈ [0, 1]: −y·log σ(z) − (1 − y)·log(1 − σ(z)), computed stably as
    /// softplus(z) − y·z (no overflow for any z, no log of 0).
    /// </summary>
    /// <param name="logits">The logits.</param>
    /// <param name="target">The targets (probabilities), same shape and dtype.</param>
    /// <param name="reduction">Mean or sum over the elements.</param>
    /// <returns>The scalar loss.</returns>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckPair("BinaryCrossEntropyWithLogits", logits, target);
        return Reduce(Ops.Sub(Ops.Softplus(logits), Ops.Mul(target, logits)), reduction);
    }

    /// <summary>
    /// Softmax cross-entropy of logits [N, C] against integer labels: −log softmax(zₙ)[yₙ] = logsumexp(zₙ) − zₙ[yₙ],
    /// stable for any finite logits: one fused primitive, one pass over the logits forward and one backward.
    /// </summary>
    /// <param name="logits">The logits [N, C].</param>
    /// <param name="labels">N labels in [0, C).</param>
    /// <param name="reduction">Mean or sum over the N examples.</param>
    /// <returns>The scalar loss.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, C).</exception>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, int[] labels, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Rank != 2 || logits.Shape[0] != labels.Length)
        {
            throw new ArgumentException($"SoftmaxCrossEntropy: expected logits of shape [{labels.Length}, C] for {labels.Length} labels, got {logits.Shape}.", nameof(logits));
        }

        var classes = logits.Shape[1];
        if (labels.Length == 0 || classes == 0)
        {
            throw new ArgumentException($"SoftmaxCrossEntropy: logits of shape {logits.Shape} hold no examples or no classes; the loss is undefined.", nameof(logits));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"SoftmaxCrossEntropy: label {labels[i]} at position {i} is outside [0, {classes}) for {classes} classes.");
            }
        }

        var scale = reduction switch
        {
            Reduction.Mean => 1.0 / labels.Length,
            Reduction.Sum => 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Unknown reduction {reduction}."),
        };
        return SoftmaxCrossEntropyPrimitive.Apply(logits, labels, scale);
    }

    /// <summary>The fraction of rows of <paramref name="logits"/> whose largest entry is at the label.</summary>
    /// <param name="logits">Scores [N, C].</param>
    /// <param name="labels">N labels, each in [0, C).</param>
    /// <returns>The accuracy in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, C).</exception>
    public static double Accuracy(Tensor logits, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var predicted = Ops.ArgMax(logits);
        if (predicted.Length != labels.Length)
        {
            throw new ArgumentException($"Accuracy: {predicted.Length} rows of scores but {labels.Length} labels.", nameof(labels));
        }

        var classes = logits.Shape[^1];
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Accuracy: label {labels[i]} at position {i} is outside [0, {classes}) for {classes} classes.");
            }
        }

        return labels.Length == 0 ? 0 : predicted.Where((p, i) => p == labels[i]).Count() / (double)labels.Length;
    }

    private static void CheckPair(string op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Shape != b.Shape)
        {
            throw new ArgumentException($"{op}: prediction {a.Shape} and target {b.Shape} must have the same shape.");
        }

        if (a.DType != b.DType)
        {
            throw new ArgumentException($"{op}: prediction is {a.DType} but target is {b.DType}; convert one with .To(DType).");
        }
    }

    private static Tensor Reduce(Tensor terms, Reduction reduction) => reduction switch
    {
        Reduction.Mean => Ops.Mean(terms),
        Reduction.Sum => Ops.Sum(terms),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Unknown reduction {reduction}."),
    };
}
