namespace AutoDiff.Linalg;

/// <summary>
/// The Lanczos recurrence one step at a time, with full reorthogonalisation (classical Gram-Schmidt twice
/// against the whole basis) and a breakdown test relative to the operator's scale.
/// </summary>
internal sealed class LanczosProcess
{
    // β ≤ BreakdownFactor·‖T‖ (a running estimate of ‖A‖) means the Krylov space is invariant to rounding.
    private const double BreakdownFactor = 1e-12;

    private readonly ILinearOperator _op;
    private readonly List<double[]> _basis = new();
    private readonly List<double> _alpha = new();
    private readonly List<double> _beta = new();
    private readonly List<LanczosStep> _history = new();
    private readonly double[] _w;
    private double[] _next;
    private double _norm;

    public LanczosProcess(ILinearOperator op, IReadOnlyList<double>? start, ulong seed)
    {
        _op = op;
        var n = op.Dimension;
        if (n < 1)
        {
            throw new ArgumentException("Lanczos: the operator has dimension 0.");
        }

        _next = start is null ? VectorOps.RandomUnit(n, new Rng(seed)) : Normalised(start, n);
        _w = new double[n];
    }

    public int Steps => _alpha.Count;

    /// <summary>β of the last step (the coupling to the next, unbuilt, basis vector).</summary>
    public double LastBeta { get; private set; }

    /// <summary>Whether the last step found an invariant subspace (the Ritz values are then exact eigenvalues).</summary>
    public bool IsInvariant { get; private set; }

    public double NormEstimate => _norm;

    public IReadOnlyList<LanczosStep> History => _history;

    /// <summary>Takes one step; false when the space is exhausted (invariant subspace or full dimension).</summary>
    public bool Next()
    {
        if (IsInvariant || Steps >= _op.Dimension)
        {
            return false;
        }

        var q = _next;
        _basis.Add(q);
        _op.Apply(q, _w);
        var a = VectorOps.Dot(q, _w);
        _alpha.Add(a);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var b in _basis)
            {
                VectorOps.Axpy(-VectorOps.Dot(b, _w), b, _w);
            }
        }

        var beta = VectorOps.Norm(_w);
        if (!double.IsFinite(beta) || !double.IsFinite(a))
        {
            throw new ArithmeticException($"Lanczos: step {Steps} produced a non-finite value (α = {a}, β = {beta}); the operator returned NaN or infinity.");
        }

        _norm = Math.Max(_norm, Math.Abs(a) + beta + LastBeta);
        IsInvariant = beta <= BreakdownFactor * _norm || Steps >= _op.Dimension;
        if (IsInvariant)
        {
            beta = 0;
        }

        LastBeta = beta;
        _history.Add(Record());
        if (!IsInvariant)
        {
            _beta.Add(beta);
            _next = (double[])_w.Clone();
            VectorOps.Scale(_next, 1 / beta);
        }

        return !IsInvariant;
    }

    /// <summary>The Ritz values (ascending) and the last row of T's eigenvectors.</summary>
    public (double[] Values, double[] LastRow) Ritz()
    {
        var (values, rows) = TridiagonalEigen.SolveRows(_alpha.ToArray(), OffDiagonal(), [Steps - 1]);
        return (values, rows[0]);
    }

    public LanczosResult ToResult() => new(_alpha.ToArray(), OffDiagonal(), LastBeta, _basis.ToArray(), IsInvariant, _history.ToArray());

    private double[] OffDiagonal() => _beta.Take(Steps - 1).ToArray();

    private LanczosStep Record()
    {
        var (values, last) = Ritz();
        return new LanczosStep(Steps, _alpha[^1], LastBeta, values[^1], Math.Abs(LastBeta * last[^1]), values[0], Math.Abs(LastBeta * last[0]));
    }

    private static double[] Normalised(IReadOnlyList<double> start, int n)
    {
        if (start.Count != n)
        {
            throw new ArgumentException($"Lanczos: the start vector has {start.Count} entries; the operator's dimension is {n}.");
        }

        var q = start.ToArray();
        var norm = VectorOps.Norm(q);
        if (norm == 0 || !double.IsFinite(norm))
        {
            throw new ArgumentException($"Lanczos: the start vector must be non-zero and finite (its norm is {norm}).");
        }

        VectorOps.Scale(q, 1 / norm);
        return q;
    }
}
