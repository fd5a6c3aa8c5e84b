namespace AutoDiff.Linalg;

/// <summary>How <see cref="PowerIteration.Iterate"/> starts and stops.</summary>
public sealed class PowerIterationOptions
{
    /// <summary>The iteration limit (default 1000).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stop when ‖Au − λu‖ ≤ Tolerance·|λ| (default 1e-8; power iteration converges linearly, at rate |λ₂/λ₁|).</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>The seed of the random start vector (used when <see cref="Start"/> is null).</summary>
    public ulong Seed { get; init; }

    /// <summary>A start vector instead of a seeded random one.</summary>
    public IReadOnlyList<double>? Start { get; init; }

    /// <summary>Stop on a relative change of the Rayleigh quotient below Tolerance instead of on the residual (the old criterion).</summary>
    public bool StopOnRayleighChange { get; init; }
}
