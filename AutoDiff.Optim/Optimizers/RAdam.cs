namespace AutoDiff.Optim;

/// <summary>
/// RAdam (Liu et al.), as <c>torch.optim.RAdam</c>:
/// <code>
/// g ← ∇θ + λθ   (or θ ← θ·(1 − αλ) with decoupled weight decay)
/// m ← lerp(m, g, 1 − β₁),  v ← β₂v + (1 − β₂)g²
/// ρ∞ = 2/(1 − β₂) − 1,  ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
/// θ ← θ − (m/(1 − β₁ᵗ))·α·(√(1 − β₂ᵗ)/(√v + ε))·r    if ρₜ &gt; 5, r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))
/// θ ← θ − (m/(1 − β₁ᵗ))·α                          otherwise
/// </code>
/// Defaults are PyTorch's: α = 1e-3, β = (0.9, 0.999), ε = 1e-8. The recipe: weight decay, <see cref="ScaleByRadam"/>.
/// </summary>
public sealed class RAdam : GradientChain
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="decoupledWeightDecay">Decoupled weight decay (RAdamW).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public RAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ (a group's own replaces it).</param>
    /// <param name="decoupledWeightDecay">Decoupled weight decay (RAdamW).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public RAdam(IEnumerable<ParameterGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false, bool maximize = false)
        : base(groups, lr, Recipe(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay))
    {
        Maximize = maximize;
    }

    /// <summary>The transformations of RAdam with these hyper-parameters.</summary>
    /// <param name="lr">α, validated here.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="decoupledWeightDecay">Decoupled weight decay.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
    {
        const string name = nameof(RAdam);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(weightDecay >= 0, name, nameof(weightDecay), weightDecay, "non-negative");
        return
        [
            decoupledWeightDecay ? new DecoupledWeightDecay(weightDecay) : new AddDecayedWeights(weightDecay),
            new ScaleByRadam(beta1, beta2, eps),
        ];
    }
}
