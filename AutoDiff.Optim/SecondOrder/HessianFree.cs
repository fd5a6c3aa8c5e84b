using AutoDiff.Linalg;

namespace AutoDiff.Optim;

/// <summary>
/// Hessian-free optimisation in the style of Martens (2010), "Deep learning via Hessian-free optimization":
/// <code>
/// g ← ∇f(θ);  B ← G + λI   (G the Gauss-Newton matrix Jᵀ·H_loss·J, or the Hessian when no outputs are given)
/// p ← CG on Bp = −g from p₀ = 0.95·p_prev (warm start), stopped by Martens' relative-progress test
///     (i > k = max(10, i/10) and φ(pᵢ) − φ(pᵢ₋ₖ) ≥ k·5e-4·φ(pᵢ), φ(p) = gᵀp + ½pᵀBp), or at dᵀBd ≤ 0;
/// backtrack over CG iterates (kept at iterations ⌈1.3ʲ⌉): the last one whose loss is not above its predecessor's;
/// ρ ← (f(θ + p) − f(θ)) / (gᵀp + ½pᵀGp);  λ ← 1.5λ if ρ &lt; 1/4,  λ ← λ/1.5 if ρ &gt; 3/4   (Levenberg-Marquardt);
/// α ← the first of 1, 0.8, 0.8², … with f(θ + αp) ≤ f(θ) + 0.01·α·gᵀp (Armijo; none: no step);  θ ← θ + αp.
/// </code>
/// The Gauss-Newton product costs one forward-over-reverse pass of the batch (as an HVP), through
/// <see cref="OutputLoss.GaussNewtonForm"/>; G is positive semi-definite, so with λ &gt; 0 CG is well defined.
/// </summary>
public sealed class HessianFree : IClosureOptimizer
{
    private const double Decay = 0.95;
    private const double ProgressEpsilon = 5e-4;

    private readonly FlatParameters _flat;
    private readonly double[] _theta;
    private readonly double[] _gradient;
    private readonly double[] _previous;
    private readonly double[] _x;
    private readonly double[] _r;
    private readonly double[] _d;
    private readonly double[] _bd;
    private readonly double[] _trial;

    /// <summary>Hessian-free optimisation of <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters (float32 or float64; the method works in float64).</param>
    /// <param name="damping">The initial Levenberg-Marquardt damping λ (Martens used 45 for autoencoders; 1 suits small nets).</param>
    /// <param name="maxCgIterations">The CG iteration limit per step.</param>
    public HessianFree(IReadOnlyList<Tensor> parameters, double damping = 1.0, int maxCgIterations = 100)
    {
        _flat = new FlatParameters(parameters);
        if (!(damping > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(damping), $"HessianFree: the damping must be positive, got {damping}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxCgIterations, 1);
        Damping = damping;
        MaxCgIterations = maxCgIterations;
        var n = _flat.Dimension;
        _theta = new double[n];
        _gradient = new double[n];
        _previous = new double[n];
        _x = new double[n];
        _r = new double[n];
        _d = new double[n];
        _bd = new double[n];
        _trial = new double[n];
    }

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Parameters => _flat.Parameters;

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>The current damping λ.</summary>
    public double Damping { get; private set; }

    /// <summary>The CG iteration limit per step.</summary>
    public int MaxCgIterations { get; }

    /// <summary>CG iterations (curvature products) in the last step.</summary>
    public int LastCgIterations { get; private set; }

    /// <summary>The reduction ratio ρ of the last step.</summary>
    public double LastRatio { get; private set; } = double.NaN;

    /// <summary>The step length α the line search accepted in the last step (0: no step).</summary>
    public double LastStepLength { get; private set; }

    /// <summary>One step with the damped Hessian as curvature (no model outputs given).</summary>
    public double Step(Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return StepWith(loss, loss);
    }

    /// <summary>
    /// One step with the damped Gauss-Newton matrix of <paramref name="loss"/> applied to <paramref name="outputs"/>
    /// (the model's forward pass on the batch) as curvature.
    /// </summary>
    public double Step(Func<Tensor> outputs, OutputLoss loss)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(loss);
        return StepWith(() => loss.Value(outputs()), () => loss.GaussNewtonForm(outputs()));
    }

    private double StepWith(Func<Tensor> loss, Func<Tensor> curvature)
    {
        StepCount++;
        var f = _flat.ValueAndGradient(loss, _gradient);
        if (!double.IsFinite(f))
        {
            throw new ArithmeticException($"HessianFree: the loss is not finite at step {StepCount} ({f}).");
        }

        _flat.Read(_theta);
        var iterates = RunCg(curvature);

        // Backtrack over the CG iterates: from the last, step back while the earlier one is no worse.
        var best = iterates.Count - 1;
        var bestLoss = Evaluate(loss, iterates[best].X);
        while (best > 0)
        {
            var earlier = Evaluate(loss, iterates[best - 1].X);
            if (earlier > bestLoss)
            {
                break;
            }

            best--;
            bestLoss = earlier;
        }

        var p = iterates[best].X;
        var gp = VectorOps.Dot(_gradient, p);
        var model = iterates[best].Phi - (0.5 * Damping * VectorOps.Dot(p, p));   // gᵀp + ½pᵀGp, undamped
        LastRatio = model < 0 ? (bestLoss - f) / model : double.NegativeInfinity;
        var negligible = model > -1e-15 * Math.Max(1, Math.Abs(f));   // at a stationary point ρ is rounding noise
        if (!double.IsFinite(bestLoss) || (!negligible && LastRatio < 0.25))
        {
            Damping *= 1.5;
        }
        else if (!negligible && LastRatio > 0.75)
        {
            Damping /= 1.5;
        }

        // Armijo line search along p.
        LastStepLength = 0;
        var fTrial = bestLoss;
        for (var alpha = 1.0; alpha > 1e-4; alpha *= 0.8)
        {
            if (alpha < 1)
            {
                fTrial = Evaluate(loss, p, alpha);
            }

            if (double.IsFinite(fTrial) && fTrial <= f + (0.01 * alpha * gp))
            {
                LastStepLength = alpha;
                break;
            }
        }

        if (LastStepLength > 0)
        {
            VectorOps.Axpy(LastStepLength, p, _theta);
            p.CopyTo(_previous, 0);
        }
        else
        {
            Array.Clear(_previous);
        }

        _flat.Write(_theta);
        return f;
    }

    private double Evaluate(Func<Tensor> loss, double[] p, double alpha = 1)
    {
        _theta.CopyTo(_trial, 0);
        VectorOps.Axpy(alpha, p, _trial);
        _flat.Write(_trial);
        return FlatParameters.Value(loss);
    }

    private void ApplyB(Func<Tensor> curvature, double[] v, double[] result)
    {
        _flat.Hvp(curvature, v, result);
        VectorOps.Axpy(Damping, v, result);
    }

    // CG on Bx = −g from the decayed previous solution; keeps the iterates at ⌈1.3ʲ⌉ and the last, with φ(x).
    private List<(double[] X, double Phi)> RunCg(Func<Tensor> curvature)
    {
        for (var i = 0; i < _x.Length; i++)
        {
            _x[i] = Decay * _previous[i];
        }

        // r = Bx + g, d = −r; φ(x) = ½xᵀ(r + g) + ... = gᵀx + ½xᵀBx = ½xᵀ(r + g).
        ApplyB(curvature, _x, _r);
        VectorOps.Axpy(1, _gradient, _r);
        for (var i = 0; i < _d.Length; i++)
        {
            _d[i] = -_r[i];
        }

        var phis = new List<double>();
        var kept = new List<(double[] X, double Phi)>();
        var nextSave = 1.0;
        var rr = VectorOps.Dot(_r, _r);
        LastCgIterations = 0;
        for (var i = 1; i <= MaxCgIterations; i++)
        {
            ApplyB(curvature, _d, _bd);
            LastCgIterations++;
            var dbd = VectorOps.Dot(_d, _bd);
            if (dbd <= 0 || rr == 0)
            {
                break;
            }

            var alpha = rr / dbd;
            VectorOps.Axpy(alpha, _d, _x);
            VectorOps.Axpy(alpha, _bd, _r);
            var phi = Phi();
            phis.Add(phi);
            if (i >= nextSave)
            {
                kept.Add(((double[])_x.Clone(), phi));
                nextSave = Math.Ceiling(nextSave * 1.3);
                if (nextSave <= i)
                {
                    nextSave = i + 1;
                }
            }

            var k = Math.Max(10, i / 10);
            if (i > k && phi < 0 && (phi - phis[i - 1 - k]) / phi < k * ProgressEpsilon)
            {
                break;
            }

            var rrNext = VectorOps.Dot(_r, _r);
            var beta = rrNext / rr;
            rr = rrNext;
            for (var j = 0; j < _d.Length; j++)
            {
                _d[j] = -_r[j] + (beta * _d[j]);
            }
        }

        if (kept.Count == 0 || !ReferenceEquals(kept[^1].X, _x) && !kept[^1].X.AsSpan().SequenceEqual(_x))
        {
            kept.Add(((double[])_x.Clone(), Phi()));
        }

        return kept;
    }

    private double Phi()
    {
        var s = 0.0;
        for (var i = 0; i < _x.Length; i++)
        {
            s += _x[i] * (_r[i] + _gradient[i]);
        }

        return 0.5 * s;
    }
}
