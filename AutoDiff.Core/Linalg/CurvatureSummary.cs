namespace AutoDiff.Linalg;

/// <summary>
/// The curvature of a symmetric operator (a Hessian or Gauss-Newton matrix) in one object: certified extreme
/// eigenpairs, condition number, the negative part of the spectrum from stochastic Lanczos quadrature, a verdict
/// with the reasons it rests on, the gradient-descent stability bound, and the density's data.
/// </summary>
public sealed class CurvatureSummary
{
    internal CurvatureSummary(
        int dimension,
        LanczosEigenResult extremes,
        double? conditionNumber,
        double? negativeFraction,
        double? negativeMass,
        CurvatureVerdict verdict,
        IReadOnlyList<string> reasons,
        double? learningRate,
        double[] densityLambda,
        double[] densityValues,
        double? densitySigma,
        double? trace,
        double? traceStandardError,
        int applications)
    {
        Dimension = dimension;
        Extremes = extremes;
        ConditionNumber = conditionNumber;
        NegativeFraction = negativeFraction;
        NegativeMass = negativeMass;
        Verdict = verdict;
        Reasons = reasons;
        LearningRate = learningRate;
        DensityLambda = densityLambda;
        DensityValues = densityValues;
        DensitySigma = densitySigma;
        Trace = trace;
        TraceStandardError = traceStandardError;
        Applications = applications;
    }

    /// <summary>The operator's dimension n.</summary>
    public int Dimension { get; }

    /// <summary>The Lanczos run behind the extremes (steps, convergence, history).</summary>
    public LanczosEigenResult Extremes { get; }

    /// <summary>The largest eigenpairs, descending, with residuals.</summary>
    public IReadOnlyList<EigenPair> Top => Extremes.Largest;

    /// <summary>The smallest eigenpairs, ascending, with residuals.</summary>
    public IReadOnlyList<EigenPair> Bottom => Extremes.Smallest;

    /// <summary>λmax.</summary>
    public double LambdaMax => Top.Count > 0 ? Top[0].Value : Extremes.RitzValues[^1];

    /// <summary>λmin.</summary>
    public double LambdaMin => Bottom.Count > 0 ? Bottom[0].Value : Extremes.RitzValues[0];

    /// <summary>λmax/λmin when the operator is certainly positive definite (λmin − residual &gt; 0), otherwise null.</summary>
    public double? ConditionNumber { get; }

    /// <summary>The gaps λᵢ/λᵢ₊₁ between consecutive top eigenvalues (the largest marks the edge of the outliers).</summary>
    public IReadOnlyList<double> TopRatios => Enumerable.Range(0, Math.Max(0, Top.Count - 1)).Select(i => Top[i].Value / Top[i + 1].Value).ToArray();

    /// <summary>The estimated fraction of eigenvalues below −ZeroThreshold·λmax (from SLQ); null when the density was skipped.</summary>
    public double? NegativeFraction { get; }

    /// <summary>The estimated number of negative eigenvalues: <see cref="NegativeFraction"/> × n.</summary>
    public double? NegativeCount => NegativeFraction * Dimension;

    /// <summary>Σ|λ| over negative eigenvalues divided by Σ|λ| over all (from SLQ): how much of the curvature is negative.</summary>
    public double? NegativeMass { get; }

    /// <summary>Minimum, saddle or inconclusive.</summary>
    public CurvatureVerdict Verdict { get; }

    /// <summary>The facts the verdict rests on, each citing the values and residuals used.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>2/λmax: gradient descent with a larger learning rate diverges along the top eigenvector (of a quadratic).</summary>
    public double LearningRateBound => 2 / LambdaMax;

    /// <summary>The learning rate that was given to compare, if any.</summary>
    public double? LearningRate { get; }

    /// <summary>Whether the given learning rate is below the bound 2/λmax (null when none was given).</summary>
    public bool? LearningRateStable => LearningRate is { } lr ? lr < LearningRateBound : null;

    /// <summary>The density grid (eigenvalue axis); empty when the density was skipped.</summary>
    public IReadOnlyList<double> DensityLambda { get; }

    /// <summary>The smoothed density on <see cref="DensityLambda"/> (integrates to 1).</summary>
    public IReadOnlyList<double> DensityValues { get; }

    /// <summary>The Gaussian width used to smooth the density.</summary>
    public double? DensitySigma { get; }

    /// <summary>The trace estimate (Hutchinson when samples were asked for, else SLQ's first moment × n).</summary>
    public double? Trace { get; }

    /// <summary>The standard error of the Hutchinson trace (null for the SLQ estimate).</summary>
    public double? TraceStandardError { get; }

    /// <summary>Operator applications used in all.</summary>
    public int Applications { get; }
}
