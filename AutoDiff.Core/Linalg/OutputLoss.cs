namespace AutoDiff.Linalg;

/// <summary>
/// A loss on a model's outputs for one batch (mean over its examples), in the two forms curvature operators need:
/// its value, whose Hessian-vector products give H·v, and its Gauss-Newton form ½·δᵀ·H_loss·δ with
/// δ = z − stop_gradient(z), whose Hessian at the current point is exactly Jᵀ·H_loss·J (δ is zero there, so the
/// term with the network's second derivatives vanishes), giving G·v from one forward-over-reverse pass.
/// </summary>
public abstract class OutputLoss
{
    private protected OutputLoss(int count)
    {
        Count = count;
    }

    /// <summary>The number of examples in the batch (the weight of its mean loss in a subset's mean).</summary>
    public int Count { get; }

    /// <summary>
    /// Softmax cross-entropy of logits [N, C] against <paramref name="labels"/>, mean over N (as
    /// <c>Losses.SoftmaxCrossEntropy</c>). H_loss per example is diag(p) − p·pᵀ with p = softmax(z), divided by N.
    /// </summary>
    public static OutputLoss SoftmaxCrossEntropy(int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new CrossEntropy(labels);
    }

    /// <summary>Mean squared error over all elements (as <c>Losses.Mse</c>): H_loss = 2/(number of elements)·I.</summary>
    public static OutputLoss MeanSquaredError(Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return new SquaredError(targets);
    }

    /// <summary>The loss of <paramref name="outputs"/>, a differentiable scalar.</summary>
    public abstract Tensor Value(Tensor outputs);

    /// <summary>½·δᵀ·H_loss(z)·δ with δ = z − stop_gradient(z): zero in value, with Hessian Jᵀ·H_loss·J at the current point.</summary>
    public abstract Tensor GaussNewtonForm(Tensor outputs);

    private protected static Tensor Delta(Tensor outputs) => Ops.Sub(outputs, outputs.Detach());

    private sealed class CrossEntropy(int[] labels) : OutputLoss(labels.Length)
    {
        public override Tensor Value(Tensor outputs)
        {
            Check(outputs);
            return Ops.Neg(Ops.Mean(Ops.Gather(Ops.LogSoftmax(outputs, 1), 1, labels)));
        }

        public override Tensor GaussNewtonForm(Tensor outputs)
        {
            Check(outputs);
            var p = Ops.Softmax(outputs.Detach(), 1);
            var delta = Delta(outputs);
            var pd = Ops.Mul(p, delta);
            var quadratic = Ops.Sub(Ops.Sum(Ops.Mul(pd, delta)), Ops.Sum(Ops.Square(Ops.Sum(pd, [1]))));
            return Ops.Mul(quadratic, 0.5 / labels.Length);
        }

        private void Check(Tensor outputs)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            if (outputs.Rank != 2 || outputs.Shape[0] != labels.Length)
            {
                throw new ArgumentException($"OutputLoss.SoftmaxCrossEntropy: expected logits of shape [{labels.Length}, C] for {labels.Length} labels, got {outputs.Shape}.");
            }

            foreach (var label in labels)
            {
                if ((uint)label >= (uint)outputs.Shape[1])
                {
                    throw new ArgumentOutOfRangeException(nameof(outputs), $"OutputLoss.SoftmaxCrossEntropy: label {label} is outside [0, {outputs.Shape[1]}).");
                }
            }
        }
    }

    private sealed class SquaredError(Tensor targets) : OutputLoss(targets.Rank == 0 ? 1 : targets.Shape[0])
    {
        public override Tensor Value(Tensor outputs)
        {
            Check(outputs);
            return Ops.Mean(Ops.Square(Ops.Sub(outputs, targets)));
        }

        public override Tensor GaussNewtonForm(Tensor outputs)
        {
            Check(outputs);
            return Ops.Mean(Ops.Square(Delta(outputs)));
        }

        private void Check(Tensor outputs)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            if (outputs.Shape != targets.Shape || outputs.DType != targets.DType)
            {
                throw new ArgumentException($"OutputLoss.MeanSquaredError: outputs {outputs.Shape} ({outputs.DType}) and targets {targets.Shape} ({targets.DType}) must match.");
            }
        }
    }
}
