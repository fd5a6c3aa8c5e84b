namespace AutoDiff.Linalg;

/// <summary>The outcome of <see cref="PowerIteration.Iterate"/>.</summary>
/// <param name="Pair">The dominant eigenpair estimate with its residual.</param>
/// <param name="Iterations">Applications of the operator.</param>
/// <param name="Converged">Whether the stopping test passed before the iteration limit.</param>
/// <param name="History">The Rayleigh quotient and residual of each iteration.</param>
public sealed record PowerIterationResult(EigenPair Pair, int Iterations, bool Converged, IReadOnlyList<PowerIterationStep> History);
