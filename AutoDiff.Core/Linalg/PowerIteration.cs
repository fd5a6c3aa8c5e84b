namespace AutoDiff.Linalg;

/// <summary>Power iteration: the eigenvalue of largest magnitude, one application of A per iteration.</summary>
public static class PowerIteration
{
    /// <summary>Iterates until the Rayleigh quotient changes by less than <paramref name="tolerance"/> (relative).</summary>
    public static EigenPair Run(ILinearOperator op, int maxIterations = 100, double tolerance = 1e-10, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(op);
        var u = VectorOps.RandomUnit(op.Dimension, new Rng(seed));
        var au = new double[op.Dimension];
        var lambda = 0.0;
        for (var i = 0; i < maxIterations; i++)
        {
            op.Apply(u, au);
            var next = VectorOps.Dot(u, au);
            var norm = VectorOps.Norm(au);
            if (norm == 0)
            {
                return new EigenPair(0, u, 0);
            }

            for (var k = 0; k < u.Length; k++)
            {
                u[k] = au[k] / norm;
            }

            var converged = Math.Abs(next - lambda) <= tolerance * Math.Abs(next);
            lambda = next;
            if (converged)
            {
                break;
            }
        }

        lambda = RayleighQuotient(op, u);
        return new EigenPair(lambda, u, VectorOps.Residual(op, u, lambda));
    }

    private static double RayleighQuotient(ILinearOperator op, double[] u)
    {
        var au = new double[u.Length];
        op.Apply(u, au);
        return VectorOps.Dot(u, au);
    }
}
