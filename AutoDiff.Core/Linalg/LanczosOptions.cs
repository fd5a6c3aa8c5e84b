namespace AutoDiff.Linalg;

/// <summary>How a converging Lanczos run (<see cref="Lanczos.Extremes"/>) starts and when it stops.</summary>
public sealed class LanczosOptions
{
    /// <summary>
    /// The residual tolerance relative to the largest |Ritz value| seen: a pair (λ, u) is converged when
    /// ‖Au − λu‖ ≤ Tolerance·max|θ|. Default 1e-10.
    /// </summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>
    /// The step limit (the basis holds one float64 vector of the operator's dimension per step). Default:
    /// min(n, max(200, 10·k)), where k is the number of pairs asked for.
    /// </summary>
    public int? MaxSteps { get; init; }

    /// <summary>The seed of the random start vector (used when <see cref="Start"/> is null).</summary>
    public ulong Seed { get; init; }

    /// <summary>A start vector (any non-zero length; normalised), instead of a seeded random one.</summary>
    public IReadOnlyList<double>? Start { get; init; }

    /// <summary>The defaults: tolerance 1e-10, seed 0.</summary>
    public static LanczosOptions Default { get; } = new();
}
