namespace AutoDiff.Linalg;

/// <summary>
/// The eigenvalue density of a symmetric operator by stochastic Lanczos quadrature (Ghorbani et al. 2019): each
/// random probe's Lanczos run gives Gauss-quadrature nodes (Ritz values) and weights; their average, smoothed
/// with a Gaussian, estimates the density φ(λ) = (1/n) Σᵢ δ(λ − λᵢ).
/// </summary>
public sealed class SpectralDensity
{
    private SpectralDensity(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>All quadrature nodes (Ritz values of every probe).</summary>
    public double[] Nodes { get; }

    /// <summary>Their weights; they sum to 1.</summary>
    public double[] Weights { get; }

    /// <summary>Runs <paramref name="probes"/> Lanczos runs of <paramref name="steps"/> steps from Gaussian start vectors.</summary>
    public static SpectralDensity Estimate(ILinearOperator op, int steps = 30, int probes = 4, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 1);
        var rng = new Rng(seed);
        var nodes = new List<double>();
        var weights = new List<double>();
        for (var p = 0; p < probes; p++)
        {
            var result = Lanczos.Run(op, steps, start: VectorOps.RandomUnit(op.Dimension, rng));
            nodes.AddRange(result.RitzValues);
            weights.AddRange(result.QuadratureWeights().Select(w => w / probes));
        }

        return new SpectralDensity(nodes.ToArray(), weights.ToArray());
    }

    /// <summary>A density from given quadrature nodes and weights (the weights should sum to 1).</summary>
    public static SpectralDensity FromNodes(double[] nodes, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(weights);
        if (nodes.Length != weights.Length || nodes.Length == 0)
        {
            throw new ArgumentException($"SpectralDensity: {nodes.Length} nodes and {weights.Length} weights; they must match and be non-empty.");
        }

        return new SpectralDensity((double[])nodes.Clone(), (double[])weights.Clone());
    }

    /// <summary>The smoothed density at <paramref name="lambda"/> with Gaussian width <paramref name="sigma"/>.</summary>
    public double Evaluate(double lambda, double sigma)
    {
        var norm = 1 / (sigma * Math.Sqrt(2 * Math.PI));
        var total = 0.0;
        for (var i = 0; i < Nodes.Length; i++)
        {
            var z = (lambda - Nodes[i]) / sigma;
            total += Weights[i] * norm * Math.Exp(-0.5 * z * z);
        }

        return total;
    }

    /// <summary>
    /// The smoothed density on <paramref name="points"/> evenly spaced values from the smallest node − 5σ to the
    /// largest + 5σ (the data of a density plot); it integrates to 1 up to the grid's resolution.
    /// </summary>
    public (double[] Lambda, double[] Density) Grid(int points, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        if (!(sigma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), $"SpectralDensity.Grid: sigma must be positive, got {sigma}.");
        }

        var lo = Nodes.Min() - (5 * sigma);
        var hi = Nodes.Max() + (5 * sigma);
        var lambda = new double[points];
        var density = new double[points];
        for (var i = 0; i < points; i++)
        {
            lambda[i] = lo + ((hi - lo) * i / (points - 1));
            density[i] = Evaluate(lambda[i], sigma);
        }

        return (lambda, density);
    }

    /// <summary>The estimated fraction of eigenvalues below <paramref name="threshold"/> (e.g. the share of negative curvature).</summary>
    public double FractionBelow(double threshold)
        => Nodes.Select((x, i) => x < threshold ? Weights[i] : 0).Sum();
}
