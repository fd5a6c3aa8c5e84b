namespace AutoDiff.Optim;

/// <summary>
/// RMSprop, exactly as <c>torch.optim.RMSprop</c>:
/// <code>
/// g ← ∇θ + λθ
/// v ← αv + (1 − α)g²
/// ḡ ← lerp(ḡ, g, 1 − α),  d = √(v − ḡ²) + ε     (centered)   else d = √v + ε
/// b ← μb + g/d,  θ ← θ − ηb                      (momentum μ &gt; 0)   else θ ← θ − η·g/d
/// </code>
/// Defaults are PyTorch's: η = 1e-2, α = 0.99, ε = 1e-8. The recipe: <see cref="AddDecayedWeights"/>,
/// <see cref="ScaleByRms"/>, <see cref="Trace"/> (whose first step b = g/d equals μ·0 + g/d).
/// </summary>
public sealed class RmsProp : GradientChain
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">η.</param>
    /// <param name="alpha">α in [0, 1).</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="centered">Centered RMSprop.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, alpha, eps, weightDecay, momentum, centered, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">η.</param>
    /// <param name="alpha">α in [0, 1).</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ (a group's own replaces it).</param>
    /// <param name="momentum">μ.</param>
    /// <param name="centered">Centered RMSprop.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public RmsProp(IEnumerable<ParameterGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, lr, Recipe(lr, alpha, eps, weightDecay, momentum, centered))
    {
        Maximize = maximize;
    }

    /// <summary>The transformations of RMSprop with these hyper-parameters.</summary>
    /// <param name="lr">η, validated here.</param>
    /// <param name="alpha">α.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="centered">Centered RMSprop.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
    {
        const string name = nameof(RmsProp);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(alpha is >= 0 and < 1, name, nameof(alpha), alpha, "in [0, 1)");
        Check.Require(eps >= 0 && double.IsFinite(eps), name, nameof(eps), eps, "finite and non-negative");
        Check.Require(weightDecay >= 0 && double.IsFinite(weightDecay), name, nameof(weightDecay), weightDecay, "finite and non-negative");
        Check.Require(momentum >= 0 && double.IsFinite(momentum), name, nameof(momentum), momentum, "finite and non-negative");
        return momentum > 0
            ? [new AddDecayedWeights(weightDecay), new ScaleByRms(alpha, eps, centered), new Trace(momentum)]
            : [new AddDecayedWeights(weightDecay), new ScaleByRms(alpha, eps, centered)];
    }
}
