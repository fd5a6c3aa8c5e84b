using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Adagrad's scaling by the root of the sum of squared gradients (Duchi, Hazan and Singer), with PyTorch's learning-rate
/// decay folded into the step size:
/// <code>
/// s ← s + u²                  (s starts at the initial accumulator value)
/// u ← u / (√s + ε)
/// α ← α / (1 + (t − 1)·k)     (learning-rate decay k)
/// </code>
/// </summary>
public sealed class ScaleByRss : GradientTransformation
{
    /// <summary>Creates the transformation with PyTorch's defaults.</summary>
    /// <param name="initialAccumulatorValue">The starting value of s, ≥ 0.</param>
    /// <param name="eps">ε ≥ 0.</param>
    /// <param name="lrDecay">k ≥ 0.</param>
    public ScaleByRss(double initialAccumulatorValue = 0, double eps = 1e-10, double lrDecay = 0)
    {
        Require(initialAccumulatorValue >= 0 && double.IsFinite(initialAccumulatorValue), nameof(initialAccumulatorValue), initialAccumulatorValue, "finite and non-negative");
        Require(eps >= 0 && double.IsFinite(eps), nameof(eps), eps, "finite and non-negative");
        Require(lrDecay >= 0 && double.IsFinite(lrDecay), nameof(lrDecay), lrDecay, "finite and non-negative");
        Epsilon = eps;
        LrDecay = lrDecay;
        Slots = [new("sum", initialAccumulatorValue)];
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The learning-rate decay k.</summary>
    public double LrDecay { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSlot> Slots { get; }

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize) => stepSize / (1 + ((context.Step - 1) * LrDecay));

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
        => Run(update, StateSpan<float>(0, index, offset, update.Length));

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
        => Run(update, StateSpan<double>(0, index, offset, update.Length));

    private void Run<T>(Span<T> u, Span<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var eps = T.CreateTruncating(Epsilon);
        var veps = new Vector<T>(eps);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            var g = Load(u, i);
            var si = Load(s, i) + (g * g);
            Store(si, s, i);
            Store(g / (Vector.SquareRoot(si) + veps), u, i);
        }

        for (; i < u.Length; i++)
        {
            var g = u[i];
            s[i] += g * g;
            u[i] = g / (T.Sqrt(s[i]) + eps);
        }
    }
}
