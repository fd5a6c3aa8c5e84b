namespace AutoDiff.Optim;

/// <summary>
/// Adamax (Kingma and Ba), exactly as <c>torch.optim.Adamax</c>:
/// <code>
/// g ← ∇θ + λθ
/// m ← lerp(m, g, 1 − β₁),  n ← max(β₂n, |g| + ε)
/// θ ← θ − (α / (1 − β₁ᵗ)) · m / n
/// </code>
/// Defaults are PyTorch's: α = 2e-3, β = (0.9, 0.999), ε = 1e-8. The recipe: <see cref="AddDecayedWeights"/>, <see cref="ScaleByAdamax"/>.
/// </summary>
public sealed class Adamax : GradientChain
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, beta1, beta2, eps, weightDecay, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ (a group's own replaces it).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Adamax(IEnumerable<ParameterGroup> groups, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : base(groups, lr, Recipe(lr, beta1, beta2, eps, weightDecay))
    {
        Maximize = maximize;
    }

    /// <summary>The transformations of Adamax with these hyper-parameters.</summary>
    /// <param name="lr">α, validated here.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        const string name = nameof(Adamax);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(weightDecay >= 0, name, nameof(weightDecay), weightDecay, "non-negative");
        return [new AddDecayedWeights(weightDecay), new ScaleByAdamax(beta1, beta2, eps)];
    }
}
