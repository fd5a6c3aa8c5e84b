using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Decoupled weight decay (Loshchilov and Hutter; AdamW's): the parameter itself shrinks before the update,
/// <code>θ ← θ·(1 − αλ)</code>
/// with α this step's learning rate. A parameter group's weight decay, when set, replaces λ.
/// </summary>
public sealed class DecoupledWeightDecay : GradientTransformation
{
    private readonly double _weightDecay;
    private double[] _factor = [];

    /// <summary>Creates the transformation.</summary>
    /// <param name="weightDecay">λ ≥ 0.</param>
    public DecoupledWeightDecay(double weightDecay)
    {
        Require(weightDecay >= 0 && double.IsFinite(weightDecay), nameof(weightDecay), weightDecay, "finite and non-negative");
        _weightDecay = weightDecay;
    }

    /// <summary>This step's factor 1 − αλ for parameter <paramref name="index"/>, for fused kernels.</summary>
    internal double Factor(int index) => _factor[index];

    /// <inheritdoc/>
    protected override void OnInitialized(int count) => _factor = new double[count];

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize)
    {
        _factor[index] = 1 - (context.LearningRate * (context.WeightDecay ?? _weightDecay));
        return stepSize;
    }

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter) => Run(_factor[index], parameter);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter) => Run(_factor[index], parameter);

    private static void Run<T>(double factor, Span<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (factor == 1)
        {
            return;
        }

        var f = T.CreateTruncating(factor);
        var vf = new Vector<T>(f);
        var n = VectorEnd<T>(p.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            Store(Load(p, i) * vf, p, i);
        }

        for (; i < p.Length; i++)
        {
            p[i] *= f;
        }
    }
}
