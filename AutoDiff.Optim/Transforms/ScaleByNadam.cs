using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// NAdam's Nesterov-accelerated moment scaling (Dozat) with PyTorch's momentum-decay schedule, as
/// <c>torch.optim.NAdam</c>:
/// <code>
/// μₜ = β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)ψ)),  Πₜ = Πₜ₋₁·μₜ      (ψ: momentum decay)
/// m ← lerp(m, u, 1 − β₁),  v ← β₂v + (1 − β₂)u²,  d = √(v / (1 − β₂ᵗ)) + ε
/// u ← (1 − μₜ)/(1 − Πₜ) · u/d + μₜ₊₁/(1 − Πₜμₜ₊₁) · m/d
/// </code>
/// PyTorch applies the two terms as two updates of θ; here they are summed first (equal up to rounding).
/// </summary>
public sealed class ScaleByNadam : GradientTransformation
{
    private double[] _gradScale = [];
    private double[] _momentScale = [];
    private double[] _correction2 = [];

    /// <summary>Creates the transformation with PyTorch's defaults.</summary>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    /// <param name="momentumDecay">ψ ≥ 0.</param>
    public ScaleByNadam(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double momentumDecay = 4e-3)
    {
        Require(beta1 is >= 0 and < 1, nameof(beta1), beta1, "in [0, 1)");
        Require(beta2 is >= 0 and < 1, nameof(beta2), beta2, "in [0, 1)");
        Require(eps >= 0 && double.IsFinite(eps), nameof(eps), eps, "finite and non-negative");
        Require(momentumDecay >= 0 && double.IsFinite(momentumDecay), nameof(momentumDecay), momentumDecay, "finite and non-negative");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
        MomentumDecay = momentumDecay;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>ψ.</summary>
    public double MomentumDecay { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSlot> Slots { get; } = [new("exp_avg"), new("exp_avg_sq"), new("mu_product", 1, Scalar: true)];

    /// <inheritdoc/>
    protected override void OnInitialized(int count)
    {
        _gradScale = new double[count];
        _momentScale = new double[count];
        _correction2 = new double[count];
    }

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize)
    {
        var t = (double)context.Step;
        var mu = Beta1 * (1.0 - (0.5 * Math.Pow(0.96, t * MomentumDecay)));
        var muNext = Beta1 * (1.0 - (0.5 * Math.Pow(0.96, (t + 1) * MomentumDecay)));
        ref var product = ref ScalarState(2, index);
        product *= mu;
        _gradScale[index] = (1.0 - mu) / (1.0 - product);
        _momentScale[index] = muNext / (1.0 - (product * muNext));
        _correction2[index] = 1 - Math.Pow(Beta2, t);
        return stepSize;
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
        var corr = T.CreateTruncating(_correction2[index]);
        var a = T.CreateTruncating(_gradScale[index]);
        var b = T.CreateTruncating(_momentScale[index]);
        var lerp = new Lerp<T>(1 - Beta1);
        Vector<T> vb2 = new(b2), vc2 = new(c2), veps = new(eps), vcorr = new(corr), va = new(a), vb = new(b);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            var g = Load(u, i);
            var mi = lerp.Of(Load(m, i), g);
            var vi = (Load(v, i) * vb2) + (vc2 * g * g);
            Store(mi, m, i);
            Store(vi, v, i);
            var d = Vector.SquareRoot(vi / vcorr) + veps;
            Store((va * (g / d)) + (vb * (mi / d)), u, i);
        }

        for (; i < u.Length; i++)
        {
            var g = u[i];
            m[i] = lerp.Of(m[i], g);
            v[i] = (v[i] * b2) + (c2 * g * g);
            var d = T.Sqrt(v[i] / corr) + eps;
            u[i] = (a * (g / d)) + (b * (m[i] / d));
        }
    }
}
