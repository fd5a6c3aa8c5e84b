using System.Numerics;

namespace AutoDiff.Kernels;

/// <summary>
/// Softmax cross-entropy of logits [N, C] against integer labels in one pass per row:
/// loss = s·Σₙ (logsumexp(zₙ) − zₙ[yₙ]) and its gradient g·s·(softmax(zₙ) − onehot(yₙ)), each stable for any finite
/// logits (the row maximum is subtracted before exponentiating). Rows are summed in order.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>Returns s·Σₙ (logsumexp(zₙ) − zₙ[yₙ]) for <paramref name="logits"/> [N, C] (labels already validated).</summary>
    public static T Loss<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int n = 0; n < labels.Length; n++)
        {
            var row = logits.Slice(n * classes, classes);
            T max = Max(row);
            T sum = T.Zero;
            for (int c = 0; c < classes; c++)
            {
                sum += T.Exp(row[c] - max);
            }

            total += max + T.Log(sum) - row[labels[n]];
        }

        return total * scale;
    }

    /// <summary>destination[n, c] = factor·(softmax(zₙ)[c] − [c = yₙ]).</summary>
    public static void Gradient<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T factor, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int n = 0; n < labels.Length; n++)
        {
            var row = logits.Slice(n * classes, classes);
            var dst = destination.Slice(n * classes, classes);
            T max = Max(row);
            T sum = T.Zero;
            for (int c = 0; c < classes; c++)
            {
                T e = T.Exp(row[c] - max);
                dst[c] = e;
                sum += e;
            }

            T weight = factor / sum;
            for (int c = 0; c < classes; c++)
            {
                dst[c] *= weight;
            }

            dst[labels[n]] -= factor;
        }
    }

    private static T Max<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = row[0];
        for (int c = 1; c < row.Length; c++)
        {
            max = T.Max(max, row[c]);
        }

        return max;
    }
}
