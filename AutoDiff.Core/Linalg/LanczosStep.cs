namespace AutoDiff.Linalg;

/// <summary>One step of a Lanczos run, as recorded in its history.</summary>
/// <param name="Step">The number of basis vectors so far (1-based).</param>
/// <param name="Alpha">The new diagonal entry αⱼ = qⱼᵀAqⱼ.</param>
/// <param name="Beta">The new off-diagonal entry βⱼ = ‖rⱼ‖ after reorthogonalisation (0 at an invariant subspace).</param>
/// <param name="LargestRitz">The largest Ritz value after this step.</param>
/// <param name="LargestResidualBound">Its residual |βⱼ·s_{j,max}| (equal to ‖Au − θu‖ up to rounding with full reorthogonalisation).</param>
/// <param name="SmallestRitz">The smallest Ritz value after this step.</param>
/// <param name="SmallestResidualBound">Its residual bound.</param>
public sealed record LanczosStep(int Step, double Alpha, double Beta, double LargestRitz, double LargestResidualBound, double SmallestRitz, double SmallestResidualBound);
