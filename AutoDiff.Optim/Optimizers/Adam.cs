using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Adam (Kingma and Ba), and AdamW when <c>decoupled</c> is set, exactly as <c>torch.optim.Adam</c>/<c>AdamW</c>:
/// <code>
/// g ← ∇θ + λθ                     (Adam's L2 weight decay; AdamW instead does θ ← θ − αλθ)
/// m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
/// θ ← θ − α · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
/// </code>
/// Defaults are PyTorch's: α = 1e-3, β = (0.9, 0.999), ε = 1e-8.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Array?[] _m;
    private readonly Array?[] _v;

    /// <summary>Creates the optimizer.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupled = false)
        : base(parameters)
    {
        Require(lr >= 0, nameof(lr), lr, "non-negative");
        Require(beta1 is >= 0 and < 1, nameof(beta1), beta1, "in [0, 1)");
        Require(beta2 is >= 0 and < 1, nameof(beta2), beta2, "in [0, 1)");
        Require(eps >= 0, nameof(eps), eps, "non-negative");
        Require(weightDecay >= 0, nameof(weightDecay), weightDecay, "non-negative");
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        _m = new Array?[Parameters.Count];
        _v = new Array?[Parameters.Count];
    }

    /// <summary>The decay rate β₁ of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>The decay rate β₂ of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether weight decay is decoupled from the gradient (AdamW).</summary>
    public bool Decoupled { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient) => UpdateCore(index, parameter, gradient);

    /// <inheritdoc/>
    protected override void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient) => UpdateCore(index, parameter, gradient);

    private void UpdateCore<T>(int index, Span<T> p, ReadOnlySpan<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = (T[])(_m[index] ??= new T[p.Length]);
        var v = (T[])(_v[index] ??= new T[p.Length]);
        var t = (double)StepCount;
        var b1 = T.CreateTruncating(Beta1);
        var b2 = T.CreateTruncating(Beta2);
        var stepSize = T.CreateTruncating(LearningRate / (1 - Math.Pow(Beta1, t)));
        var correction2 = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(Beta2, t)));
        var eps = T.CreateTruncating(Epsilon);
        var wd = T.CreateTruncating(WeightDecay);
        var shrink = T.One - T.CreateTruncating(LearningRate * WeightDecay);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations as the scalar loop below, lane by lane, so the result is bit-identical.
            var vb1 = new Vector<T>(b1);
            var vb2 = new Vector<T>(b2);
            var va1 = new Vector<T>(T.One - b1);
            var va2 = new Vector<T>(T.One - b2);
            var vstep = new Vector<T>(stepSize);
            var vcorrection = new Vector<T>(correction2);
            var veps = new Vector<T>(eps);
            var vwd = new Vector<T>(wd);
            var vshrink = new Vector<T>(shrink);
            for (; i <= p.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var pi = new Vector<T>(p[i..]);
                var g = new Vector<T>(grad[i..]);
                if (Decoupled)
                {
                    pi *= vshrink;
                }
                else
                {
                    g += vwd * pi;
                }

                var mi = (vb1 * new Vector<T>(m, i)) + (va1 * g);
                var vi = (vb2 * new Vector<T>(v, i)) + (va2 * g * g);
                mi.CopyTo(m, i);
                vi.CopyTo(v, i);
                (pi - (vstep * mi / ((Vector.SquareRoot(vi) / vcorrection) + veps))).CopyTo(p[i..]);
            }
        }

        for (; i < p.Length; i++)
        {
            var g = grad[i];
            if (Decoupled)
            {
                p[i] *= shrink;
            }
            else
            {
                g += wd * p[i];
            }

            m[i] = (b1 * m[i]) + ((T.One - b1) * g);
            v[i] = (b2 * v[i]) + ((T.One - b2) * g * g);
            p[i] -= stepSize * m[i] / ((T.Sqrt(v[i]) / correction2) + eps);
        }
    }
}
