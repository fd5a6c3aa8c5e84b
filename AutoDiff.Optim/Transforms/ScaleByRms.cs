using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// RMSprop's scaling (Hinton), optionally centered (Graves), as <c>torch.optim.RMSprop</c> computes it:
/// <code>
/// v ← αv + (1 − α)u²
/// ḡ ← lerp(ḡ, u, 1 − α)                       (centered only)
/// u ← u / (√(v − ḡ²) + ε)   centered,  u / (√v + ε) otherwise
/// </code>
/// </summary>
public sealed class ScaleByRms : GradientTransformation
{
    /// <summary>Creates the transformation with PyTorch's defaults.</summary>
    /// <param name="alpha">The smoothing constant α in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    /// <param name="centered">Whether to subtract the squared running mean of the gradient.</param>
    public ScaleByRms(double alpha = 0.99, double eps = 1e-8, bool centered = false)
    {
        Require(alpha is >= 0 and < 1, nameof(alpha), alpha, "in [0, 1)");
        Require(eps >= 0 && double.IsFinite(eps), nameof(eps), eps, "finite and non-negative");
        Alpha = alpha;
        Epsilon = eps;
        Centered = centered;
        Slots = centered ? [new("square_avg"), new("grad_avg")] : [new("square_avg")];
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the gradient's running mean is subtracted.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSlot> Slots { get; }

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize) => stepSize;

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
        => Run(update, StateSpan<float>(0, index, offset, update.Length), Centered ? StateSpan<float>(1, index, offset, update.Length) : default);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
        => Run(update, StateSpan<double>(0, index, offset, update.Length), Centered ? StateSpan<double>(1, index, offset, update.Length) : default);

    private void Run<T>(Span<T> u, Span<T> v, Span<T> gAvg)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = T.CreateTruncating(Alpha);
        var c = T.CreateTruncating(1 - Alpha);
        var eps = T.CreateTruncating(Epsilon);
        var lerp = new Lerp<T>(1 - Alpha);
        Vector<T> va = new(a), vc = new(c), veps = new(eps);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        if (Centered)
        {
            for (; i < n; i += Vector<T>.Count)
            {
                var g = Load(u, i);
                var vi = (Load(v, i) * va) + (vc * g * g);
                var mi = lerp.Of(Load(gAvg, i), g);
                Store(vi, v, i);
                Store(mi, gAvg, i);
                Store(g / (Vector.SquareRoot(vi - (mi * mi)) + veps), u, i);
            }

            for (; i < u.Length; i++)
            {
                var g = u[i];
                v[i] = (v[i] * a) + (c * g * g);
                gAvg[i] = lerp.Of(gAvg[i], g);
                u[i] = g / (T.Sqrt(v[i] - (gAvg[i] * gAvg[i])) + eps);
            }
        }
        else
        {
            for (; i < n; i += Vector<T>.Count)
            {
                var g = Load(u, i);
                var vi = (Load(v, i) * va) + (vc * g * g);
                Store(vi, v, i);
                Store(g / (Vector.SquareRoot(vi) + veps), u, i);
            }

            for (; i < u.Length; i++)
            {
                var g = u[i];
                v[i] = (v[i] * a) + (c * g * g);
                u[i] = g / (T.Sqrt(v[i]) + eps);
            }
        }
    }
}
