namespace AutoDiff.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay, exactly as
/// <c>torch.optim.SGD</c>:
/// <code>
/// g ← ∇θ + λθ                                   (weight decay λ)
/// b ← g on the first step, else μb + (1 − τ)g    (momentum μ, dampening τ)
/// g ← g + μb if Nesterov, else b
/// θ ← θ − αg
/// </code>
/// The recipe: <see cref="AddDecayedWeights"/>, <see cref="Trace"/>. The lecture's momentum p ← μp − α∇J, θ ← θ + p
/// is the same method with p = −αb (for τ = 0 and a constant α). With momentum μ on a constant gradient the step
/// approaches the terminal velocity α·g/(1 − μ).
/// </summary>
public sealed class Sgd : GradientChain
{
    /// <summary>Creates the optimizer; PyTorch's defaults except that a learning rate is required.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α ≥ 0.</param>
    /// <param name="momentum">μ ≥ 0.</param>
    /// <param name="dampening">τ.</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    /// <param name="nesterov">Nesterov momentum (μ &gt; 0, τ = 0).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, momentum, dampening, weightDecay, nesterov, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α ≥ 0.</param>
    /// <param name="momentum">μ ≥ 0.</param>
    /// <param name="dampening">τ.</param>
    /// <param name="weightDecay">λ ≥ 0 (a group's own replaces it).</param>
    /// <param name="nesterov">Nesterov momentum (μ &gt; 0, τ = 0).</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public Sgd(IEnumerable<ParameterGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(groups, lr, Recipe(lr, momentum, dampening, weightDecay, nesterov))
    {
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Maximize = maximize;
    }

    /// <summary>The momentum coefficient μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening τ applied to new gradients in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>The L2 weight decay λ added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>The transformations of SGD with these hyper-parameters.</summary>
    /// <param name="lr">α, validated here.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="dampening">τ.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="nesterov">Nesterov momentum.</param>
    /// <returns>The chain.</returns>
    public static GradientTransformation[] Recipe(double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
    {
        const string name = nameof(Sgd);
        Check.Require(lr >= 0 && double.IsFinite(lr), name, nameof(lr), lr, "finite and non-negative");
        Check.Require(momentum >= 0 && double.IsFinite(momentum), name, nameof(momentum), momentum, "finite and non-negative");
        Check.Require(weightDecay >= 0 && double.IsFinite(weightDecay), name, nameof(weightDecay), weightDecay, "finite and non-negative");
        Check.Require(!nesterov || (momentum > 0 && dampening == 0), name, nameof(dampening), dampening, "0 with momentum > 0 for Nesterov momentum");
        return momentum == 0
            ? [new AddDecayedWeights(weightDecay)]
            : [new AddDecayedWeights(weightDecay), new Trace(momentum, dampening, nesterov)];
    }
}
