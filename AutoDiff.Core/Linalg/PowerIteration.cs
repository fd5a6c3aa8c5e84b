namespace AutoDiff.Linalg;

/// <summary>Power iteration: the eigenvalue of largest magnitude, one application of A per iteration.</summary>
public static class PowerIteration
{
    /// <summary>Iterates until the Rayleigh quotient changes by less than <paramref name="tolerance"/> (relative).</summary>
    public static EigenPair Run(ILinearOperator op, int maxIterations = 100, double tolerance = 1e-10, ulong seed = 0)
        => Iterate(op, new PowerIterationOptions { MaxIterations = maxIterations, Tolerance = tolerance, Seed = seed, StopOnRayleighChange = true }).Pair;

    /// <summary>
    /// Iterates from <see cref="PowerIterationOptions.Start"/> (or a seeded random vector) until the residual
    /// ‖Au − λu‖ is at most Tolerance·|λ| (free each iteration: A·u is needed for the next iterate anyway),
    /// recording the Rayleigh quotient and residual of every iteration.
    /// </summary>
    public static PowerIterationResult Iterate(ILinearOperator op, PowerIterationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        options ??= new PowerIterationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1);
        var n = op.Dimension;
        double[] u;
        if (options.Start is { } start)
        {
            if (start.Count != n)
            {
                throw new ArgumentException($"PowerIteration: the start vector has {start.Count} entries; the operator's dimension is {n}.");
            }

            u = start.ToArray();
            var norm0 = VectorOps.Norm(u);
            if (norm0 == 0 || !double.IsFinite(norm0))
            {
                throw new ArgumentException($"PowerIteration: the start vector must be non-zero and finite (its norm is {norm0}).");
            }

            VectorOps.Scale(u, 1 / norm0);
        }
        else
        {
            u = VectorOps.RandomUnit(n, new Rng(options.Seed));
        }

        var au = new double[n];
        var history = new List<PowerIterationStep>();
        var lambda = 0.0;
        var residual = double.PositiveInfinity;
        var converged = false;
        for (var i = 0; i < options.MaxIterations; i++)
        {
            op.Apply(u, au);
            var next = VectorOps.Dot(u, au);
            var norm = VectorOps.Norm(au);

            // ‖Au − λu‖² = ‖Au‖² − λ² for unit u and λ = uᵀAu; take it explicitly to avoid cancellation.
            residual = 0;
            for (var k = 0; k < n; k++)
            {
                var r = au[k] - (next * u[k]);
                residual += r * r;
            }

            residual = Math.Sqrt(residual);
            history.Add(new PowerIterationStep(i + 1, next, residual));
            var change = Math.Abs(next - lambda);
            lambda = next;
            if (norm == 0)
            {
                converged = true;
                break;
            }

            converged = options.StopOnRayleighChange
                ? change <= options.Tolerance * Math.Abs(next)
                : residual <= options.Tolerance * Math.Abs(next);
            if (converged || i == options.MaxIterations - 1)
            {
                break;
            }

            for (var k = 0; k < n; k++)
            {
                u[k] = au[k] / norm;
            }
        }

        return new PowerIterationResult(new EigenPair(lambda, u, residual), history.Count, converged, history);
    }
}
