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
/// or <see cref="AddDecayedWeights"/>, then <see cref="ScaleByAdam"/>.
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
