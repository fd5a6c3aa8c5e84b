using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// L2 weight decay added to the update (PyTorch's coupled <c>weight_decay</c>, optax's <c>add_decayed_weights</c>):
/// <code>u ← u + λθ</code>
/// A parameter group's weight decay, when set, replaces λ.
/// </summary>
public sealed class AddDecayedWeights : GradientTransformation
{
    private readonly double _weightDecay;
    private double[] _lambda = [];

    /// <summary>Creates the transformation.</summary>
    /// <param name="weightDecay">λ ≥ 0.</param>
    public AddDecayedWeights(double weightDecay)
    {
        Require(weightDecay >= 0 && double.IsFinite(weightDecay), nameof(weightDecay), weightDecay, "finite and non-negative");
        _weightDecay = weightDecay;
    }

    /// <summary>This step's λ for parameter <paramref name="index"/>, for fused kernels.</summary>
    internal double Lambda(int index) => _lambda[index];

    /// <inheritdoc/>
    protected override void OnInitialized(int count) => _lambda = new double[count];

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize)
    {
        _lambda[index] = context.WeightDecay ?? _weightDecay;
        return stepSize;
    }

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter) => Run(_lambda[index], update, parameter);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter) => Run(_lambda[index], update, parameter);

    private static void Run<T>(double lambda, Span<T> u, Span<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lambda == 0)
        {
            return;
        }

        var wd = T.CreateTruncating(lambda);
        var vwd = new Vector<T>(wd);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            Store(Load(u, i) + (vwd * Load(p, i)), u, i);
        }

        for (; i < u.Length; i++)
        {
            u[i] += wd * p[i];
        }
    }
}
