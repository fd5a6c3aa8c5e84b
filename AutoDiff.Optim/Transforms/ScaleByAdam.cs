using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Adam's scaling by bias-corrected moment estimates (Kingma and Ba), optionally AMSGrad (Reddi, Kale and Kumar),
/// exactly as <c>torch.optim.Adam</c> computes it:
/// <code>
/// m ← lerp(m, u, 1 − β₁)        = β₁m + (1 − β₁)u
/// v ← β₂v + (1 − β₂)u²
/// v̂ ← max(v̂, v)  (AMSGrad; else v̂ = v)
/// u ← m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// α ← α / (1 − β₁ᵗ)
/// </code>
/// </summary>
public sealed class ScaleByAdam : GradientTransformation
{
    private double[] _correction2 = [];

    /// <summary>Creates the transformation with PyTorch's defaults.</summary>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    /// <param name="amsgrad">Whether to divide by the running maximum of v (AMSGrad).</param>
    public ScaleByAdam(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool amsgrad = false)
    {
        Require(beta1 is >= 0 and < 1, nameof(beta1), beta1, "in [0, 1)");
        Require(beta2 is >= 0 and < 1, nameof(beta2), beta2, "in [0, 1)");
        Require(eps >= 0 && double.IsFinite(eps), nameof(eps), eps, "finite and non-negative");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
        AmsGrad = amsgrad;
        Slots = amsgrad ? [new("exp_avg"), new("exp_avg_sq"), new("max_exp_avg_sq")] : [new("exp_avg"), new("exp_avg_sq")];
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether AMSGrad's running maximum is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSlot> Slots { get; }

    /// <summary>This step's √(1 − β₂ᵗ) for parameter <paramref name="index"/>, for fused kernels.</summary>
    internal double Correction2(int index) => _correction2[index];

    /// <inheritdoc/>
    protected override void OnInitialized(int count) => _correction2 = new double[count];

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize)
    {
        var t = (double)context.Step;
        _correction2[index] = Math.Sqrt(1 - Math.Pow(Beta2, t));
        return stepSize / (1 - Math.Pow(Beta1, t));
    }

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
        => Run(update, StateSpan<float>(0, index, offset, update.Length), StateSpan<float>(1, index, offset, update.Length),
            AmsGrad ? StateSpan<float>(2, index, offset, update.Length) : default, _correction2[index]);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
        => Run(update, StateSpan<double>(0, index, offset, update.Length), StateSpan<double>(1, index, offset, update.Length),
            AmsGrad ? StateSpan<double>(2, index, offset, update.Length) : default, _correction2[index]);

    private void Run<T>(Span<T> u, Span<T> m, Span<T> v, Span<T> vMax, double correction2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b2 = T.CreateTruncating(Beta2);
        var c2 = T.CreateTruncating(1 - Beta2);   // PyTorch computes 1 − β₂ in float64, then rounds
        var eps = T.CreateTruncating(Epsilon);
        var corr = T.CreateTruncating(correction2);
        var lerp = new Lerp<T>(1 - Beta1);
        Vector<T> vb2 = new(b2), vc2 = new(c2), veps = new(eps), vcorr = new(corr);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        if (AmsGrad)
        {
            for (; i < n; i += Vector<T>.Count)
            {
                var g = Load(u, i);
                var mi = lerp.Of(Load(m, i), g);
                var vi = (Load(v, i) * vb2) + (vc2 * g * g);
                var hi = Vector.Max(Load(vMax, i), vi);
                Store(mi, m, i);
                Store(vi, v, i);
                Store(hi, vMax, i);
                Store(mi / ((Vector.SquareRoot(hi) / vcorr) + veps), u, i);
            }

            for (; i < u.Length; i++)
            {
                var g = u[i];
                m[i] = lerp.Of(m[i], g);
                v[i] = (v[i] * b2) + (c2 * g * g);
                vMax[i] = T.Max(vMax[i], v[i]);
                u[i] = m[i] / ((T.Sqrt(vMax[i]) / corr) + eps);
            }
        }
        else
        {
            for (; i < n; i += Vector<T>.Count)
            {
                var g = Load(u, i);
                var mi = lerp.Of(Load(m, i), g);
                var vi = (Load(v, i) * vb2) + (vc2 * g * g);
                Store(mi, m, i);
                Store(vi, v, i);
                Store(mi / ((Vector.SquareRoot(vi) / vcorr) + veps), u, i);
            }

            for (; i < u.Length; i++)
            {
                var g = u[i];
                m[i] = lerp.Of(m[i], g);
                v[i] = (v[i] * b2) + (c2 * g * g);
                u[i] = m[i] / ((T.Sqrt(v[i]) / corr) + eps);
            }
        }
    }
}
