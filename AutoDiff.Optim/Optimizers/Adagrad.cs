namespace AutoDiff.Optim;

/// <summary>
/// Adagrad, exactly as <c>torch.optim.Adagrad</c>:
/// <code>
/// g ← ∇θ + λθ
/// α̃ = α / (1 + (t − 1)·k)          (learning-rate decay k)
/// s ← s + g²                        (s starts at the initial accumulator value)
/// θ ← θ − α̃ · g / (√s + ε)
/// </code>
/// Defaults are PyTorch's: α = 1e-2, k = 0, s₀ = 0, ε = 1e-10. The recipe: <see cref="AddDecayedWeights"/>, <see cref="ScaleByRss"/>.
/// </summary>
public sealed class Adagrad : GradientChain
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α.</param>
    /// <param name="lrDecay">k.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="initialAccumulatorValue">s₀.</param>
    /// <param name="eps">ε.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α.</param>
    /// <param name="lrDecay">k.</param>
    /// <param name="weightDecay">λ (a group's own replaces it).</param>
    /// <param name="initialAccumulatorValue">s₀.</param>
    /// <param name="eps">ε.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Adagrad(IEnumerable<ParameterGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(groups, lr, Recipe(lr, lrDecay, weightDecay, initialAccumulatorValue, eps))
    {
        Maximize = maximize;
    }

    /// <summary>The transformations of Adagrad with these hyper-parameters.</summary>
    /// <param name="lr">α, validated here.</param>
    /// <param name="lrDecay">k.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="initialAccumulatorValue">s₀.</param>
    /// <param name="eps">ε.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
    {
        const string name = nameof(Adagrad);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(lrDecay >= 0, name, nameof(lrDecay), lrDecay, "non-negative");
        Check.Require(weightDecay >= 0, name, nameof(weightDecay), weightDecay, "non-negative");
        Check.Require(initialAccumulatorValue >= 0, name, nameof(initialAccumulatorValue), initialAccumulatorValue, "non-negative");
        Check.Require(eps >= 0, name, nameof(eps), eps, "non-negative");
        return [new AddDecayedWeights(weightDecay), new ScaleByRss(initialAccumulatorValue, eps, lrDecay)];
    }
}
