namespace AutoDiff.Linalg;

/// <summary>Hutchinson's estimator tr(A) ≈ mean of zᵀAz over Rademacher vectors z (±1 entries).</summary>
public static class TraceEstimator
{
    /// <summary>The trace estimate and its standard error from <paramref name="samples"/> probes.</summary>
    public static (double Trace, double StandardError) Hutchinson(ILinearOperator op, int samples = 30, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        var rng = new Rng(seed);
        var z = new double[op.Dimension];
        var az = new double[op.Dimension];
        var values = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < z.Length; i++)
            {
                z[i] = (rng.NextUInt64() & 1) == 0 ? -1 : 1;
            }

            op.Apply(z, az);
            values[s] = VectorOps.Dot(z, az);
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (samples - 1);
        return (mean, Math.Sqrt(variance / samples));
    }
}
