using AutoDiff.Linalg;

namespace AutoDiff.Bench.Curvature;

/// <summary>
/// What a probe of a symmetric operator found: extreme eigenpairs with residuals, the condition number, an estimate
/// of how many eigenvalues are negative, the trace, the density, and a one-word verdict.
/// </summary>
public sealed class CurvatureSummary
{
    /// <summary>The largest eigenpairs, largest first.</summary>
    public required EigenPair[] Top { get; init; }

    /// <summary>The smallest eigenpairs, smallest first.</summary>
    public required EigenPair[] Bottom { get; init; }

    /// <summary>The operator's dimension.</summary>
    public required int Dimension { get; init; }

    /// <summary>The Hutchinson trace estimate and its standard error (NaN when not estimated).</summary>
    public (double Value, double StandardError) Trace { get; init; } = (double.NaN, double.NaN);

    /// <summary>The stochastic Lanczos quadrature density (null when not estimated).</summary>
    public SpectralDensity? Density { get; init; }

    /// <summary>How many operator applications the probe took.</summary>
    public int Applications { get; init; }

    /// <summary>λmax.</summary>
    public double LambdaMax => Top[0].Value;

    /// <summary>λmin.</summary>
    public double LambdaMin => Bottom[0].Value;

    /// <summary>λmax / λmin when both are positive, otherwise infinity.</summary>
    public double Condition => LambdaMin > Tolerance ? LambdaMax / LambdaMin : double.PositiveInfinity;

    /// <summary>The largest step size for which gradient descent on the local quadratic is stable, 2/λmax.</summary>
    public double StableStep => LambdaMax > 0 ? 2 / LambdaMax : double.PositiveInfinity;

    /// <summary>
    /// The estimated number of clearly negative eigenvalues, below −10⁻³·max|λ| (density fraction × dimension): the
    /// near-zero bulk of a network's Hessian is too close to 0 for its sign to be told by SLQ.
    /// </summary>
    public double NegativeCount => Density is null
        ? Bottom.Count(p => p.Value < -1e3 * Tolerance)
        : Math.Round(Density.FractionBelow(-1e3 * Tolerance) * Dimension);

    /// <summary>Eigenvalues with magnitude below this are treated as zero: 10⁻⁶ of |λ| at its largest.</summary>
    public double Tolerance => 1e-6 * Math.Max(Math.Abs(Top[0].Value), Math.Abs(Bottom[0].Value));

    /// <summary>The verdict: a minimum (all curvature positive), a flat minimum (some near zero) or a saddle.</summary>
    public string Verdict => LambdaMin < -Tolerance
        ? "saddle: negative curvature, not a minimum"
        : LambdaMin <= Tolerance ? "flat: positive semi-definite with near-zero directions" : "minimum: positive definite (locally convex)";
}
