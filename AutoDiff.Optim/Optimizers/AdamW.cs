namespace AutoDiff.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter), as <c>torch.optim.AdamW</c>: <see cref="Adam"/> with decoupled weight decay
/// and PyTorch's default λ = 0.01:
/// <code>
/// θ ← θ·(1 − αλ)
/// m ← lerp(m, g, 1 − β₁),  v ← β₂v + (1 − β₂)g²,  v̂ ← max(v̂, v) with AMSGrad, else v
/// θ ← θ − (α / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ (default 0.01).</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, decoupled: true, amsgrad, maximize)
    {
    }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">α.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="eps">ε.</param>
    /// <param name="weightDecay">λ (default 0.01; a group's own replaces it).</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximise instead of minimise.</param>
    public AdamW(IEnumerable<ParameterGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(groups, lr, beta1, beta2, eps, weightDecay, decoupled: true, amsgrad, maximize)
    {
    }
}
