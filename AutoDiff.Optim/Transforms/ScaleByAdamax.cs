using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Adamax's scaling by an exponentially weighted infinity norm (Kingma and Ba), as <c>torch.optim.Adamax</c>:
/// <code>
/// m ← lerp(m, u, 1 − β₁)
/// n ← max(β₂n, |u| + ε)
/// u ← m / n
/// α ← α / (1 − β₁ᵗ)
/// </code>
/// </summary>
public sealed class ScaleByAdamax : GradientTransformation
{
    /// <summary>Creates the transformation with PyTorch's defaults.</summary>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    public ScaleByAdamax(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        Require(beta1 is >= 0 and < 1, nameof(beta1), beta1, "in [0, 1)");
        Require(beta2 is >= 0 and < 1, nameof(beta2), beta2, "in [0, 1)");
        Require(eps >= 0 && double.IsFinite(eps), nameof(eps), eps, "finite and non-negative");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSlot> Slots { get; } = [new("exp_avg"), new("exp_inf")];

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize) => stepSize / (1 - Math.Pow(Beta1, context.Step));

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
        => Run(update, StateSpan<float>(0, index, offset, update.Length), StateSpan<float>(1, index, offset, update.Length));

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
        => Run(update, StateSpan<double>(0, index, offset, update.Length), StateSpan<double>(1, index, offset, update.Length));

    private void Run<T>(Span<T> u, Span<T> m, Span<T> inf)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b2 = T.CreateTruncating(Beta2);
        var eps = T.CreateTruncating(Epsilon);
        var lerp = new Lerp<T>(1 - Beta1);
        Vector<T> vb2 = new(b2), veps = new(eps);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            var g = Load(u, i);
            var mi = lerp.Of(Load(m, i), g);
            var ni = Vector.Max(Load(inf, i) * vb2, Vector.Abs(g) + veps);
            Store(mi, m, i);
            Store(ni, inf, i);
            Store(mi / ni, u, i);
        }

        for (; i < u.Length; i++)
        {
            var g = u[i];
            m[i] = lerp.Of(m[i], g);
            inf[i] = T.Max(inf[i] * b2, T.Abs(g) + eps);
            u[i] = m[i] / inf[i];
        }
    }
}
