namespace AutoDiff.Linalg;

/// <summary>
/// What a converging Lanczos run found: the extreme eigenpairs asked for, each with its explicit residual
/// ‖Au − λu‖, whether all of them met the tolerance, and the step-by-step history.
/// </summary>
public sealed class LanczosEigenResult
{
    internal LanczosEigenResult(EigenPair[] largest, EigenPair[] smallest, int steps, bool converged, bool isInvariant, double tolerance, double[] ritzValues, IReadOnlyList<LanczosStep> history)
    {
        Largest = largest;
        Smallest = smallest;
        Steps = steps;
        Converged = converged;
        IsInvariant = isInvariant;
        Tolerance = tolerance;
        RitzValues = ritzValues;
        History = history;
    }

    /// <summary>The largest eigenpairs, descending.</summary>
    public IReadOnlyList<EigenPair> Largest { get; }

    /// <summary>The smallest (most negative) eigenpairs, ascending.</summary>
    public IReadOnlyList<EigenPair> Smallest { get; }

    /// <summary>The number of Lanczos steps (operator applications, besides one per pair for its residual).</summary>
    public int Steps { get; }

    /// <summary>Whether every pair's residual is at most <see cref="Tolerance"/>.</summary>
    public bool Converged { get; }

    /// <summary>Whether the run reached an invariant subspace (fewer distinct eigenvalues are reachable than asked for).</summary>
    public bool IsInvariant { get; }

    /// <summary>The absolute residual tolerance the pairs were held to (relative tolerance × largest |Ritz value|).</summary>
    public double Tolerance { get; }

    /// <summary>All Ritz values of the last step, ascending.</summary>
    public IReadOnlyList<double> RitzValues { get; }

    /// <summary>Per-step record: α, β and the extreme Ritz values with their residual bounds.</summary>
    public IReadOnlyList<LanczosStep> History { get; }

    /// <summary>The largest residual among the pairs found.</summary>
    public double WorstResidual => Largest.Concat(Smallest).Select(p => p.Residual).DefaultIfEmpty(0).Max();
}
