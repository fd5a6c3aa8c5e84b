using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Optim;

/// <summary>
/// Adam (Kingma and Ba), and AdamW when <c>decoupled</c> is set, exactly as <c>torch.optim.Adam</c>/<c>AdamW</c> 2.x
/// (single-tensor):
/// <code>
/// g ← ∇θ + λθ                      (Adam's L2 weight decay; decoupled instead does θ ← θ·(1 − αλ))
/// m ← lerp(m, g, 1 − β₁),  v ← β₂v + (1 − β₂)g²,  v̂ ← max(v̂, v) with AMSGrad, else v
/// θ ← θ − (α / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// </code>
/// Defaults are PyTorch's: α = 1e-3, β = (0.9, 0.999), ε = 1e-8, λ = 0. The recipe: <see cref="DecoupledWeightDecay"/>
/// or <see cref="AddDecayedWeights"/>, then <see cref="ScaleByAdam"/>; the step runs them as one fused SIMD pass that
/// reads p, g, m, v once and writes p, m, v once, bit-identical to the chain (tested).
/// </summary>
public class Adam : GradientChain
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    /// <param name="decoupled">Decoupled weight decay (AdamW).</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupled = false, bool amsgrad = false, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="eps">ε ≥ 0.</param>
    /// <param name="weightDecay">λ ≥ 0 (a group's own replaces it).</param>
    /// <param name="decoupled">Decoupled weight decay (AdamW).</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Adam(IEnumerable<ParameterGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupled = false, bool amsgrad = false, bool maximize = false)
        : base(groups, lr, Recipe(lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad))
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        AmsGrad = amsgrad;
        Maximize = maximize;
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

    /// <summary>Whether AMSGrad's running maximum of v is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override bool UpdateFused(int index, int begin, int end)
    {
        if (Parameters[index].DType == DType.Float32)
        {
            Fused<float>(index, begin, end);
        }
        else
        {
            Fused<double>(index, begin, end);
        }

        return true;
    }

    /// <summary>The chain's operations in its order, element by element, in one pass.</summary>
    private void Fused<T>(int index, int begin, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scale = (ScaleByAdam)Transformations[1];
        var n = end - begin;
        var p = Parameters[index].AsSpan<T>().Slice(begin, n);
        var g = GradientOf(index).AsSpan<T>().Slice(begin, n);
        var m = scale.State("exp_avg", index).AsSpan<T>().Slice(begin, n);
        var v = scale.State("exp_avg_sq", index).AsSpan<T>().Slice(begin, n);
        var vMax = AmsGrad ? scale.State("max_exp_avg_sq", index).AsSpan<T>().Slice(begin, n) : v;
        var lambda = Transformations[0] is AddDecayedWeights coupled ? coupled.Lambda(index) : 0;
        var factor = Transformations[0] is DecoupledWeightDecay decoupled ? decoupled.Factor(index) : 1;
        bool decay = lambda != 0, shrink = factor != 1, negate = Maximize, ams = AmsGrad;
        var wd = T.CreateTruncating(lambda);
        var f = T.CreateTruncating(factor);
        var b2 = T.CreateTruncating(Beta2);
        var c2 = T.CreateTruncating(1 - Beta2);
        var eps = T.CreateTruncating(Epsilon);
        var corr = T.CreateTruncating(scale.Correction2(index));
        var step = T.CreateTruncating(StepSizeOf(index));
        var lerp = new Lerp<T>(1 - Beta1);
        Vector<T> vwd = new(wd), vf = new(f), vb2 = new(b2), vc2 = new(c2), veps = new(eps), vcorr = new(corr), vstep = new(step);
        var count = GradientTransformation.VectorEnd<T>(n);
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            // The same lane operations, 512 bits wide (Vector<T> stays 256 bits): twice the square roots and divisions per instruction.
            i = Fused512(p, g, m, v, vMax, lerp, decay, shrink, negate, ams, wd, f, b2, c2, eps, corr, step);
        }

        for (; i < count; i += Vector<T>.Count)
        {
            var gi = GradientTransformation.Load(g, i);
            gi = negate ? -gi : gi;
            var pi = GradientTransformation.Load(p, i);
            pi = shrink ? pi * vf : pi;
            gi = decay ? gi + (vwd * pi) : gi;
            var mi = lerp.Of(GradientTransformation.Load(m, i), gi);
            var vi = (GradientTransformation.Load(v, i) * vb2) + (vc2 * gi * gi);
            GradientTransformation.Store(mi, m, i);
            GradientTransformation.Store(vi, v, i);
            if (ams)
            {
                vi = Vector.Max(GradientTransformation.Load(vMax, i), vi);
                GradientTransformation.Store(vi, vMax, i);
            }

            GradientTransformation.Store(pi - (vstep * (mi / ((Vector.SquareRoot(vi) / vcorr) + veps))), p, i);
        }

        for (; i < n; i++)
        {
            var gi = negate ? -g[i] : g[i];
            var pi = shrink ? p[i] * f : p[i];
            gi = decay ? gi + (wd * pi) : gi;
            m[i] = lerp.Of(m[i], gi);
            v[i] = (v[i] * b2) + (c2 * gi * gi);
            var vi = v[i];
            if (ams)
            {
                vi = vMax[i] = T.Max(vMax[i], vi);
            }

            p[i] = pi - (step * (m[i] / ((T.Sqrt(vi) / corr) + eps)));
        }
    }

    /// <summary>The fused loop over whole 512-bit vectors; returns where it stopped.</summary>
    private static int Fused512<T>(Span<T> p, Span<T> g, Span<T> m, Span<T> v, Span<T> vMax, Lerp<T> lerp, bool decay, bool shrink, bool negate, bool ams, T wd, T f, T b2, T c2, T eps, T corr, T step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var pr = ref MemoryMarshal.GetReference(p);
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var mr = ref MemoryMarshal.GetReference(m);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var hr = ref MemoryMarshal.GetReference(vMax);
        Vector512<T> vwd = Vector512.Create(wd), vf = Vector512.Create(f), vb2 = Vector512.Create(b2), vc2 = Vector512.Create(c2);
        Vector512<T> veps = Vector512.Create(eps), vcorr = Vector512.Create(corr), vstep = Vector512.Create(step);
        var end = p.Length - (p.Length % Vector512<T>.Count);
        var i = 0;
        for (; i < end; i += Vector512<T>.Count)
        {
            var k = (nuint)i;
            var gi = Vector512.LoadUnsafe(ref gr, k);
            gi = negate ? -gi : gi;
            var pi = Vector512.LoadUnsafe(ref pr, k);
            pi = shrink ? pi * vf : pi;
            gi = decay ? gi + (vwd * pi) : gi;
            var mi = lerp.Of(Vector512.LoadUnsafe(ref mr, k), gi);
            var vi = (Vector512.LoadUnsafe(ref vr, k) * vb2) + (vc2 * gi * gi);
            mi.StoreUnsafe(ref mr, k);
            vi.StoreUnsafe(ref vr, k);
            if (ams)
            {
                vi = Vector512.Max(Vector512.LoadUnsafe(ref hr, k), vi);
                vi.StoreUnsafe(ref hr, k);
            }

            (pi - (vstep * (mi / ((Vector512.Sqrt(vi) / vcorr) + veps)))).StoreUnsafe(ref pr, k);
        }

        return i;
    }

    /// <summary>The transformations of Adam with these hyper-parameters.</summary>
    /// <param name="lr">α, validated here.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="decoupled">Decoupled weight decay.</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupled = false, bool amsgrad = false)
    {
        const string name = nameof(Adam);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(beta1 is >= 0 and < 1, name, nameof(beta1), beta1, "in [0, 1)");
        Check.Require(beta2 is >= 0 and < 1, name, nameof(beta2), beta2, "in [0, 1)");
        Check.Require(eps >= 0 && double.IsFinite(eps), name, nameof(eps), eps, "finite and non-negative");
        Check.Require(weightDecay >= 0 && double.IsFinite(weightDecay), name, nameof(weightDecay), weightDecay, "finite and non-negative");
        return
        [
            decoupled ? new DecoupledWeightDecay(weightDecay) : new AddDecayedWeights(weightDecay),
            new ScaleByAdam(beta1, beta2, eps, amsgrad),
        ];
    }
}
