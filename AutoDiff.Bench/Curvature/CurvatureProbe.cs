using AutoDiff.Linalg;

namespace AutoDiff.Bench.Curvature;

/// <summary>Probes a symmetric operator with the library's Lanczos, Hutchinson and SLQ estimators and collects a <see cref="CurvatureSummary"/>.</summary>
public static class CurvatureProbe
{
    /// <summary>
    /// Top-<paramref name="k"/> and bottom-<paramref name="k"/> Ritz pairs from one Lanczos run of <paramref name="steps"/>
    /// steps; with <paramref name="densityProbes"/> &gt; 0 also the trace and the spectral density.
    /// </summary>
    public static CurvatureSummary Run(ILinearOperator op, int k, int steps, int densityProbes, ulong seed, Func<int>? applications = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        steps = Math.Min(steps, op.Dimension);
        k = Math.Min(k, steps);
        var lanczos = Lanczos.Run(op, steps, seed);
        var top = Enumerable.Range(1, k).Select(i => lanczos.Pair(lanczos.Steps - i, op)).ToArray();
        var bottom = Enumerable.Range(0, k).Select(i => lanczos.Pair(i, op)).ToArray();
        SpectralDensity? density = null;
        var trace = (double.NaN, double.NaN);
        if (densityProbes > 0)
        {
            density = SpectralDensity.Estimate(op, steps, densityProbes, seed + 1);
            trace = TraceEstimator.Hutchinson(op, densityProbes * 2, seed + 2);
        }

        return new CurvatureSummary
        {
            Top = top,
            Bottom = bottom,
            Dimension = op.Dimension,
            Density = density,
            Trace = trace,
            Applications = applications?.Invoke() ?? 0,
        };
    }
}
