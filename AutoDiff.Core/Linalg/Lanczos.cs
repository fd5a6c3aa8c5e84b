namespace AutoDiff.Linalg;

/// <summary>
/// The Lanczos iteration on a symmetric operator, in float64 with full reorthogonalisation (each new vector is
/// orthogonalised twice against the whole basis), so Ritz values do not repeat as they do in plain Lanczos.
/// The extreme eigenvalues converge first: top-k and bottom-k of a network's Hessian take tens of HVPs.
/// </summary>
public static class Lanczos
{
    /// <summary>Runs up to <paramref name="steps"/> steps from a seeded random start vector (or <paramref name="start"/>).</summary>
    public static LanczosResult Run(ILinearOperator op, int steps, ulong seed = 0, double[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        var n = op.Dimension;
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"Lanczos: steps must be at least 1, got {steps}.");
        }

        steps = Math.Min(steps, n);
        var q = start is null ? VectorOps.RandomUnit(n, new Rng(seed)) : Normalised(start, n);
        var basis = new List<double[]>(steps);
        var alpha = new List<double>(steps);
        var beta = new List<double>(steps);
        var w = new double[n];
        var lastBeta = 0.0;
        for (var j = 0; j < steps; j++)
        {
            basis.Add(q);
            op.Apply(q, w);
            var a = VectorOps.Dot(q, w);
            alpha.Add(a);
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var b in basis)
                {
                    VectorOps.Axpy(-VectorOps.Dot(b, w), b, w);
                }
            }

            lastBeta = VectorOps.Norm(w);
            var scale = Math.Max(Math.Abs(a), 1e-300);
            if (j == steps - 1 || lastBeta <= 1e-12 * scale)
            {
                break;
            }

            beta.Add(lastBeta);
            q = (double[])w.Clone();
            VectorOps.Scale(q, 1 / lastBeta);
        }

        return new LanczosResult(alpha.ToArray(), beta.ToArray(), lastBeta, basis.ToArray());
    }

    /// <summary>The <paramref name="k"/> largest eigenvalues (descending) with vectors and explicit residuals.</summary>
    public static EigenPair[] Largest(ILinearOperator op, int k, int? steps = null, ulong seed = 0)
    {
        var result = Run(op, steps ?? DefaultSteps(op, k), seed);
        var m = result.Steps;
        return Enumerable.Range(0, Math.Min(k, m)).Select(i => result.Pair(m - 1 - i, op)).ToArray();
    }

    /// <summary>The <paramref name="k"/> smallest (most negative) eigenvalues, ascending, with vectors and residuals.</summary>
    public static EigenPair[] Smallest(ILinearOperator op, int k, int? steps = null, ulong seed = 0)
    {
        var result = Run(op, steps ?? DefaultSteps(op, k), seed);
        return Enumerable.Range(0, Math.Min(k, result.Steps)).Select(i => result.Pair(i, op)).ToArray();
    }

    private static int DefaultSteps(ILinearOperator op, int k) => Math.Min(op.Dimension, Math.Max(20, 4 * k));

    private static double[] Normalised(double[] start, int n)
    {
        if (start.Length != n)
        {
            throw new ArgumentException($"Lanczos: the start vector has {start.Length} entries; the operator's dimension is {n}.");
        }

        var norm = VectorOps.Norm(start);
        if (norm == 0 || !double.IsFinite(norm))
        {
            throw new ArgumentException("Lanczos: the start vector must be non-zero and finite.");
        }

        var q = (double[])start.Clone();
        VectorOps.Scale(q, 1 / norm);
        return q;
    }
}
