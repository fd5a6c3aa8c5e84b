namespace AutoDiff.Linalg;

/// <summary>
/// The Lanczos iteration on a symmetric operator, in float64 with full reorthogonalisation (each new vector is
/// orthogonalised twice against the whole basis), so Ritz values do not repeat as they do in plain Lanczos.
/// The extreme eigenvalues converge first: top-k and bottom-k of a network's Hessian take tens of HVPs.
/// </summary>
/// <remarks>
/// One start vector spans one direction of each eigenspace, so an eigenvalue of multiplicity m is found once
/// (block Lanczos would be needed to count multiplicities). The run stops at an invariant subspace when β falls
/// below 1e-12 of the running estimate of ‖A‖ (max over steps of |αⱼ| + βⱼ + βⱼ₋₁), not of the current |α|.
/// </remarks>
public static class Lanczos
{
    /// <summary>Runs up to <paramref name="steps"/> steps from a seeded random start vector (or <paramref name="start"/>).</summary>
    public static LanczosResult Run(ILinearOperator op, int steps, ulong seed = 0, double[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"Lanczos: steps must be at least 1, got {steps}.");
        }

        var process = new LanczosProcess(op, start, seed);
        while (process.Steps < steps && process.Next())
        {
        }

        return process.ToResult();
    }

    /// <summary>
    /// The <paramref name="k"/> largest eigenvalues (descending) with vectors and explicit residuals. Without
    /// <paramref name="steps"/>, runs until every residual is below 1e-10 of the largest |λ| (see
    /// <see cref="Extremes"/>); with it, takes exactly that many steps.
    /// </summary>
    public static EigenPair[] Largest(ILinearOperator op, int k, int? steps = null, ulong seed = 0)
    {
        if (steps is null)
        {
            return [.. Extremes(op, k, 0, new LanczosOptions { Seed = seed }).Largest];
        }

        var result = Run(op, steps.Value, seed);
        var m = result.Steps;
        return Enumerable.Range(0, Math.Min(k, m)).Select(i => result.Pair(m - 1 - i, op)).ToArray();
    }

    /// <summary>The <paramref name="k"/> smallest (most negative) eigenvalues, ascending, with vectors and residuals (see <see cref="Largest"/>).</summary>
    public static EigenPair[] Smallest(ILinearOperator op, int k, int? steps = null, ulong seed = 0)
    {
        if (steps is null)
        {
            return [.. Extremes(op, 0, k, new LanczosOptions { Seed = seed }).Smallest];
        }

        var result = Run(op, steps.Value, seed);
        return Enumerable.Range(0, Math.Min(k, result.Steps)).Select(i => result.Pair(i, op)).ToArray();
    }

    /// <summary>
    /// The <paramref name="largest"/> largest and <paramref name="smallest"/> smallest eigenpairs from one run that
    /// continues until every pair's residual ‖Au − λu‖ is below <see cref="LanczosOptions.Tolerance"/> × the
    /// largest |Ritz value| (checked cheaply by |β·s| each step, then confirmed by explicit residuals), the space
    /// is invariant, or <see cref="LanczosOptions.MaxSteps"/> is reached; <see cref="LanczosEigenResult.Converged"/> says which.
    /// </summary>
    public static LanczosEigenResult Extremes(ILinearOperator op, int largest, int smallest, LanczosOptions? options = null, IProgress<LanczosStep>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentOutOfRangeException.ThrowIfNegative(largest);
        ArgumentOutOfRangeException.ThrowIfNegative(smallest);
        options ??= LanczosOptions.Default;
        if (!(options.Tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Lanczos: the tolerance must be positive, got {options.Tolerance}.");
        }

        var n = op.Dimension;
        var wanted = largest + smallest;
        var maxSteps = Math.Min(n, options.MaxSteps ?? Math.Max(200, 10 * wanted));
        if (maxSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Lanczos: MaxSteps must be at least 1, got {maxSteps}.");
        }

        var process = new LanczosProcess(op, options.Start, options.Seed);
        var nextExplicitCheck = 0;
        LanczosEigenResult? last = null;
        while (process.Steps < maxSteps && process.Next())
        {
            progress?.Report(process.History[^1]);
            if (process.Steps < Math.Min(wanted + 1, n) || process.Steps < nextExplicitCheck)
            {
                continue;
            }

            var (values, lastRow) = process.Ritz();
            var tolerance = options.Tolerance * Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
            var bounded = Wanted(values.Length, largest, smallest).All(j => Math.Abs(process.LastBeta * lastRow[j]) <= tolerance);
            if (!bounded)
            {
                continue;
            }

            last = Finish(process, op, largest, smallest, options.Tolerance);
            if (last.Converged)
            {
                return last;
            }

            // The bound passed but the explicit residuals did not (lost orthogonality): check again a few steps on.
            nextExplicitCheck = process.Steps + 5;
        }

        if (process.History.Count > 0 && process.IsInvariant)
        {
            progress?.Report(process.History[^1]);
        }

        return last is not null && last.Steps == process.Steps ? last : Finish(process, op, largest, smallest, options.Tolerance);
    }

    private static IEnumerable<int> Wanted(int m, int largest, int smallest)
        => Enumerable.Range(0, Math.Min(smallest, m)).Concat(Enumerable.Range(Math.Max(0, m - largest), Math.Min(largest, m))).Distinct();

    private static LanczosEigenResult Finish(LanczosProcess process, ILinearOperator op, int largest, int smallest, double relativeTolerance)
    {
        var result = process.ToResult();
        var m = result.Steps;
        var values = result.RitzValues;
        var tolerance = relativeTolerance * Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
        var top = Enumerable.Range(0, Math.Min(largest, m)).Select(i => result.Pair(m - 1 - i, op)).ToArray();
        var bottom = Enumerable.Range(0, Math.Min(smallest, m)).Select(i => result.Pair(i, op)).ToArray();
        var converged = top.Concat(bottom).All(p => p.Residual <= tolerance) && (top.Length == largest && bottom.Length == smallest || process.IsInvariant);
        return new LanczosEigenResult(top, bottom, m, converged, process.IsInvariant, tolerance, values, result.History);
    }
}
