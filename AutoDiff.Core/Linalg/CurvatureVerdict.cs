namespace AutoDiff.Linalg;

/// <summary>What the spectrum says about the point it was measured at.</summary>
public enum CurvatureVerdict
{
    /// <summary>No eigenvalue is certainly negative: λmin − residual ≥ −ZeroThreshold·λmax (a minimum, if the gradient is zero).</summary>
    Minimum,

    /// <summary>An eigenvalue is certainly negative: λmin + residual &lt; −ZeroThreshold·λmax (a descent direction of negative curvature exists).</summary>
    Saddle,

    /// <summary>The residuals are too large to tell (the Lanczos run did not converge).</summary>
    Inconclusive,
}
