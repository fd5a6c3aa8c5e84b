namespace AutoDiff.Linalg;

/// <summary>What <see cref="Curvature.Summarize"/> computes and how precisely.</summary>
public sealed class CurvatureOptions
{
    /// <summary>How many of the largest eigenpairs to certify (default 5).</summary>
    public int Top { get; init; } = 5;

    /// <summary>How many of the smallest eigenpairs to certify (default 3).</summary>
    public int Bottom { get; init; } = 3;

    /// <summary>The residual tolerance relative to the largest |eigenvalue| (default 1e-8).</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>The Lanczos step limit for the extremes (default: that of <see cref="LanczosOptions.MaxSteps"/>).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>The seed of every random start and probe vector.</summary>
    public ulong Seed { get; init; }

    /// <summary>Eigenvalues with |λ| ≤ ZeroThreshold·λmax count as zero, neither negative nor positive (default 1e-6).</summary>
    public double ZeroThreshold { get; init; } = 1e-6;

    /// <summary>Stochastic Lanczos quadrature probes for the density and the negative count (default 4; 0 skips the density).</summary>
    public int DensityProbes { get; init; } = 4;

    /// <summary>Lanczos steps per density probe (default 60).</summary>
    public int DensitySteps { get; init; } = 60;

    /// <summary>Points of the density grid (default 400).</summary>
    public int DensityPoints { get; init; } = 400;

    /// <summary>The Gaussian width of the smoothed density (default 1% of λmax − λmin).</summary>
    public double? DensitySigma { get; init; }

    /// <summary>Hutchinson samples for the trace (default 0: skipped; the trace then comes from SLQ's first moment, without an error bar).</summary>
    public int TraceSamples { get; init; }

    /// <summary>A learning rate to compare with the stability bound 2/λmax of gradient descent, if any.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The defaults.</summary>
    public static CurvatureOptions Default { get; } = new();
}
