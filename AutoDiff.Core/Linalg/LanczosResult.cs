namespace AutoDiff.Linalg;

/// <summary>
/// What m steps of Lanczos produced: the tridiagonal coefficients, the orthonormal basis Q, and the Ritz values
/// (eigenvalues of the tridiagonal matrix T, ascending), which approximate A's extreme eigenvalues first.
/// </summary>
public sealed class LanczosResult
{
    private readonly double[][] _basis;
    private readonly double[] _ritzCoefficients;

    internal LanczosResult(double[] alpha, double[] beta, double lastBeta, double[][] basis, bool isInvariant, LanczosStep[] history)
    {
        Alpha = alpha;
        Beta = beta;
        LastBeta = lastBeta;
        IsInvariant = isInvariant;
        History = history;
        _basis = basis;
        var (values, vectors) = TridiagonalEigen.Solve(alpha, beta);
        RitzValues = values;
        _ritzCoefficients = vectors!;
    }

    /// <summary>The number of steps taken (fewer than asked when an invariant subspace was found).</summary>
    public int Steps => Alpha.Length;

    /// <summary>The diagonal of T.</summary>
    public double[] Alpha { get; }

    /// <summary>The off-diagonal of T (length Steps − 1).</summary>
    public double[] Beta { get; }

    /// <summary>β after the last step; zero when the Krylov space is invariant (the Ritz values are then exact).</summary>
    public double LastBeta { get; }

    /// <summary>
    /// Whether the run stopped at an invariant subspace (β fell below 1e-12 of the operator's estimated norm, or the
    /// basis spans the whole space): the Ritz values are then eigenvalues of A to rounding.
    /// </summary>
    public bool IsInvariant { get; }

    /// <summary>Per-step record: α, β and the extreme Ritz values with their residual bounds.</summary>
    public IReadOnlyList<LanczosStep> History { get; }

    /// <summary>The Ritz values, ascending.</summary>
    public double[] RitzValues { get; }

    /// <summary>The Ritz vector Q·sⱼ for Ritz value <paramref name="j"/> (unit norm).</summary>
    public double[] RitzVector(int j)
    {
        var m = Steps;
        var u = new double[_basis[0].Length];
        for (var i = 0; i < m; i++)
        {
            VectorOps.Axpy(_ritzCoefficients[(i * m) + j], _basis[i], u);
        }

        return u;
    }

    /// <summary>Ritz pair <paramref name="j"/> (ascending order) with its explicit residual ‖Au − λu‖ (one application of <paramref name="op"/>).</summary>
    public EigenPair Pair(int j, ILinearOperator op)
    {
        var u = RitzVector(j);
        return new EigenPair(RitzValues[j], u, VectorOps.Residual(op, u, RitzValues[j]));
    }

    /// <summary>The cheap residual bound |β_m·s_{m,j}| for Ritz value <paramref name="j"/>, needing no application of A.</summary>
    public double ResidualBound(int j) => Math.Abs(LastBeta * _ritzCoefficients[((Steps - 1) * Steps) + j]);

    /// <summary>The squared first components of T's eigenvectors: the Gauss quadrature weights of the start vector.</summary>
    public double[] QuadratureWeights()
    {
        var m = Steps;
        return Enumerable.Range(0, m).Select(j => _ritzCoefficients[j] * _ritzCoefficients[j]).ToArray();
    }
}
