namespace AutoDiff.Optim;

/// <summary>
/// NAdam (Dozat), as <c>torch.optim.NAdam</c>:
/// <code>
/// g ← ∇θ + λθ   (or θ ← θ·(1 − αλ) with decoupled weight decay)
/// μₜ = β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)ψ)),  Πₜ = Πₜ₋₁·μₜ
/// m ← lerp(m, g, 1 − β₁),  v ← β₂v + (1 − β₂)g²,  d = √(v / (1 − β₂ᵗ)) + ε
/// θ ← θ − α(1 − μₜ)/(1 − Πₜ) · g/d − αμₜ₊₁/(1 − Πₜμₜ₊₁) · m/d
/// </code>
/// Defaults are PyTorch's: α = 2e-3, β = (0.9, 0.999), ε = 1e-8, ψ = 4e-3. The recipe: weight decay, <see cref="ScaleByNadam"/>.
/// </summary>
public sealed class NAdam : GradientChain
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="momentumDecay">ψ.</param>
    /// <param name="decoupledWeightDecay">Decoupled weight decay (NAdamW).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public NAdam(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool decoupledWeightDecay = false, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ (a group's own replaces it).</param>
    /// <param name="momentumDecay">ψ.</param>
    /// <param name="decoupledWeightDecay">Decoupled weight decay (NAdamW).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public NAdam(IEnumerable<ParameterGroup> groups, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool decoupledWeightDecay = false, bool maximize = false)
        : base(groups, lr, Recipe(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay))
    {
        Maximize = maximize;
    }

    /// <summary>The transformations of NAdam with these hyper-parameters.</summary>
    /// <param name="lr">α, validated here.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="momentumDecay">ψ.</param>
    /// <param name="decoupledWeightDecay">Decoupled weight decay.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool decoupledWeightDecay = false)
    {
        const string name = nameof(NAdam);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(weightDecay >= 0, name, nameof(weightDecay), weightDecay, "non-negative");
        return
        [
            decoupledWeightDecay ? new DecoupledWeightDecay(weightDecay) : new AddDecayedWeights(weightDecay),
            new ScaleByNadam(beta1, beta2, eps, momentumDecay),
        ];
    }
}
