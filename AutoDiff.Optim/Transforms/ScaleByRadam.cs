using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// RAdam's rectified Adam scaling (Liu et al.), as <c>torch.optim.RAdam</c>:
/// <code>
/// m ← lerp(m, u, 1 − β₁),  v ← β₂v + (1 − β₂)u²
/// ρ∞ = 2/(1 − β₂) − 1,  ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
/// if ρₜ &gt; 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)),  u ← (m/(1 − β₁ᵗ))·α·(√(1 − β₂ᵗ)/(√v + ε))·r
/// else:      u ← (m/(1 − β₁ᵗ))·α                  (plain momentum while the variance estimate is unreliable)
/// and the step size becomes 1 (α is inside u, in PyTorch's order of operations).
/// </code>
/// </summary>
public sealed class ScaleByRadam : GradientTransformation
{
    private double[] _lr = [];
    private double[] _correction1 = [];
    private double[] _sqrtCorrection2 = [];
    private double[] _rect = [];
    private bool[] _rectified = [];

    /// <summary>Creates the transformation with PyTorch's defaults.</summary>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    public ScaleByRadam(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
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
    public override IReadOnlyList<StateSlot> Slots { get; } = [new("exp_avg"), new("exp_avg_sq")];

    /// <inheritdoc/>
    protected override void OnInitialized(int count)
    {
        _lr = new double[count];
        _correction1 = new double[count];
        _sqrtCorrection2 = new double[count];
        _rect = new double[count];
        _rectified = new bool[count];
    }

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize)
    {
        var t = (double)context.Step;
        var correction2 = 1 - Math.Pow(Beta2, t);
        var rhoInf = (2 / (1 - Beta2)) - 1;
        var rhoT = rhoInf - (2 * t * Math.Pow(Beta2, t) / correction2);
        _lr[index] = stepSize;
        _correction1[index] = 1 - Math.Pow(Beta1, t);
        _sqrtCorrection2[index] = Math.Sqrt(correction2);
        _rectified[index] = rhoT > 5.0;
        _rect[index] = _rectified[index] ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        return 1;
    }

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
        => Run(index, update, StateSpan<float>(0, index, offset, update.Length), StateSpan<float>(1, index, offset, update.Length));

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
        => Run(index, update, StateSpan<double>(0, index, offset, update.Length), StateSpan<double>(1, index, offset, update.Length));

    private void Run<T>(int index, Span<T> u, Span<T> m, Span<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b2 = T.CreateTruncating(Beta2);
        var c2 = T.CreateTruncating(1 - Beta2);   // PyTorch computes 1 − β₂ in float64, then rounds
        var eps = T.CreateTruncating(Epsilon);
        var lr = T.CreateTruncating(_lr[index]);
        var corr1 = T.CreateTruncating(_correction1[index]);
        var sqrtCorr2 = T.CreateTruncating(_sqrtCorrection2[index]);
        var rect = T.CreateTruncating(_rect[index]);
        var rectified = _rectified[index];
        var lerp = new Lerp<T>(1 - Beta1);
        Vector<T> vb2 = new(b2), vc2 = new(c2), veps = new(eps), vlr = new(lr), vcorr1 = new(corr1), vsqrt2 = new(sqrtCorr2), vrect = new(rect);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            var g = Load(u, i);
            var mi = lerp.Of(Load(m, i), g);
            var vi = (Load(v, i) * vb2) + (vc2 * g * g);
            Store(mi, m, i);
            Store(vi, v, i);
            var step = mi / vcorr1 * vlr;
            Store(rectified ? step * (vsqrt2 / (Vector.SquareRoot(vi) + veps)) * vrect : step, u, i);
        }

        for (; i < u.Length; i++)
        {
            var g = u[i];
            m[i] = lerp.Of(m[i], g);
            v[i] = (v[i] * b2) + (c2 * g * g);
            var step = m[i] / corr1 * lr;
            u[i] = rectified ? step * (sqrtCorr2 / (T.Sqrt(v[i]) + eps)) * rect : step;
        }
    }
}
