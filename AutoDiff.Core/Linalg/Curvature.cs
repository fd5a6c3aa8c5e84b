using System.Globalization;

namespace AutoDiff.Linalg;

/// <summary>Summaries of an operator's spectrum: what a user wants to know about a Hessian, each fact with its evidence.</summary>
public static class Curvature
{
    /// <summary>
    /// Certifies the top and bottom eigenpairs by a converging Lanczos run, estimates the density and the negative
    /// part of the spectrum by stochastic Lanczos quadrature (and the trace by Hutchinson when asked), and draws a
    /// verdict: saddle when λmin is negative beyond its residual, minimum when λmin is non-negative within it,
    /// inconclusive otherwise.
    /// </summary>
    public static CurvatureSummary Summarize(ILinearOperator op, CurvatureOptions? options = null, IProgress<CurvatureProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        options ??= CurvatureOptions.Default;
        var counted = new Counting(op);
        var lanczosOptions = new LanczosOptions { Tolerance = options.Tolerance, MaxSteps = options.MaxSteps, Seed = options.Seed };
        var limit = Math.Min(op.Dimension, options.MaxSteps ?? Math.Max(200, 10 * (options.Top + options.Bottom)));
        var extremes = Lanczos.Extremes(
            counted,
            options.Top,
            options.Bottom,
            lanczosOptions,
            progress is null ? null : new Relay(s => progress.Report(new CurvatureProgress("extremes", s.Step, limit, string.Create(CultureInfo.InvariantCulture, $"λ ∈ [{s.SmallestRitz:G6}, {s.LargestRitz:G6}]")))));

        var lambdaMax = extremes.RitzValues[^1];
        var lambdaMin = extremes.RitzValues[0];
        var maxResidual = extremes.Largest.Count > 0 ? extremes.Largest[0].Residual : double.NaN;
        var minResidual = extremes.Smallest.Count > 0 ? extremes.Smallest[0].Residual : double.NaN;
        var scale = Math.Max(Math.Abs(lambdaMax), Math.Abs(lambdaMin));
        var zero = options.ZeroThreshold * scale;

        double? negativeFraction = null, negativeMass = null, sigma = null, trace = null, traceError = null;
        double[] gridLambda = [], gridDensity = [];
        if (options.DensityProbes > 0)
        {
            var rng = new Rng(options.Seed ^ 0x5851F42D4C957F2DUL);
            var nodes = new List<double>();
            var weights = new List<double>();
            for (var p = 0; p < options.DensityProbes; p++)
            {
                progress?.Report(new CurvatureProgress("density", p * options.DensitySteps, options.DensityProbes * options.DensitySteps, $"probe {p + 1} of {options.DensityProbes}"));
                var run = Lanczos.Run(counted, options.DensitySteps, start: VectorOps.RandomUnit(op.Dimension, rng));
                nodes.AddRange(run.RitzValues);
                weights.AddRange(run.QuadratureWeights().Select(w => w / options.DensityProbes));
            }

            var negative = 0.0;
            var negativeAbs = 0.0;
            var totalAbs = 0.0;
            var mean = 0.0;
            for (var i = 0; i < nodes.Count; i++)
            {
                mean += weights[i] * nodes[i];
                totalAbs += weights[i] * Math.Abs(nodes[i]);
                if (nodes[i] < -zero)
                {
                    negative += weights[i];
                    negativeAbs += weights[i] * Math.Abs(nodes[i]);
                }
            }

            negativeFraction = negative;
            negativeMass = totalAbs > 0 ? negativeAbs / totalAbs : 0;
            trace = mean * op.Dimension;
            sigma = options.DensitySigma ?? Math.Max(0.01 * (lambdaMax - lambdaMin), 1e-12 * Math.Max(scale, 1e-300));
            var density = SpectralDensity.FromNodes(nodes.ToArray(), weights.ToArray());
            (gridLambda, gridDensity) = density.Grid(options.DensityPoints, sigma.Value);
        }

        if (options.TraceSamples >= 2)
        {
            progress?.Report(new CurvatureProgress("trace", 0, options.TraceSamples, "Hutchinson"));
            (var t, var se) = TraceEstimator.Hutchinson(counted, options.TraceSamples, options.Seed ^ 0x2545F4914F6CDD1DUL);
            trace = t;
            traceError = se;
        }

        var reasons = new List<string>();
        var verdict = Decide(extremes, zero, options.ZeroThreshold, negativeFraction, reasons);
        double? condition = extremes.Smallest.Count > 0 && lambdaMin - minResidual > 0 && extremes.Converged ? lambdaMax / lambdaMin : null;
        reasons.Add(string.Create(CultureInfo.InvariantCulture, $"λmax = {lambdaMax:G10} (residual {maxResidual:G3}); gradient descent is stable below lr = 2/λmax = {2 / lambdaMax:G6}") +
            (options.LearningRate is { } lr ? string.Create(CultureInfo.InvariantCulture, $"; the given lr = {lr:G6} is {(lr < 2 / lambdaMax ? "below" : "ABOVE")} it") : string.Empty) + ".");
        return new CurvatureSummary(op.Dimension, extremes, condition, negativeFraction, negativeMass, verdict, reasons, options.LearningRate, gridLambda, gridDensity, sigma, trace, traceError, counted.Count);
    }

    private static CurvatureVerdict Decide(LanczosEigenResult extremes, double zero, double zeroThreshold, double? negativeFraction, List<string> reasons)
    {
        if (extremes.Smallest.Count == 0)
        {
            reasons.Add("No bottom eigenpairs were asked for (Bottom = 0), so the sign of λmin is not certified.");
            return CurvatureVerdict.Inconclusive;
        }

        var min = extremes.Smallest[0];
        var inv = CultureInfo.InvariantCulture;
        var certified = string.Create(inv, $"after {extremes.Steps} Lanczos steps, residual tolerance {extremes.Tolerance:G3}, {(extremes.Converged ? "all pairs converged" : "NOT all pairs converged")}");
        if (min.Value + min.Residual < -zero)
        {
            reasons.Add(string.Create(inv, $"λmin = {min.Value:G10} with residual {min.Residual:G3}: an eigenvalue lies in [{min.Value - min.Residual:G6}, {min.Value + min.Residual:G6}], below −{zeroThreshold:G2}·|λ|max = {-zero:G3} ({certified})."));
            if (negativeFraction is { } f)
            {
                reasons.Add(string.Create(inv, $"SLQ puts {f:P2} of the eigenvalues below {-zero:G3}."));
            }

            return CurvatureVerdict.Saddle;
        }

        if (min.Value - min.Residual >= -zero && extremes.Converged)
        {
            reasons.Add(string.Create(inv, $"λmin = {min.Value:G10} with residual {min.Residual:G3}: no eigenvalue is below −{zeroThreshold:G2}·|λ|max = {-zero:G3} ({certified}); the point is a minimum if the gradient vanishes there."));
            return CurvatureVerdict.Minimum;
        }

        reasons.Add(string.Create(inv, $"λmin = {min.Value:G10} with residual {min.Residual:G3}: the residual is too large to decide the sign ({certified}); raise MaxSteps."));
        return CurvatureVerdict.Inconclusive;
    }

    private sealed class Counting(ILinearOperator inner) : ILinearOperator
    {
        public int Count { get; private set; }

        public int Dimension => inner.Dimension;

        public void Apply(ReadOnlySpan<double> v, Span<double> result)
        {
            inner.Apply(v, result);
            Count++;
        }
    }

    private sealed class Relay(Action<LanczosStep> report) : IProgress<LanczosStep>
    {
        public void Report(LanczosStep value) => report(value);
    }
}
