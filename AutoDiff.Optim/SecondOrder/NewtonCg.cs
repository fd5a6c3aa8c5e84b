using AutoDiff.Linalg;

namespace AutoDiff.Optim;

/// <summary>
/// Newton's method with a trust region, solved inexactly by truncated conjugate gradients on Hessian-vector
/// products (Steihaug-Toint; Nocedal and Wright, Algorithm 7.2), so the Hessian is never formed:
/// <code>
/// g ← ∇f(θ);  solve min m(p) = gᵀp + ½pᵀHp, ‖p‖ ≤ Δ, by CG from p = 0, stopping when
///     ‖Hp + g‖ ≤ min(0.5, √‖g‖)·‖g‖, at the boundary, or along a direction d with dᵀHd ≤ 0
///     (negative curvature: go to the boundary along d, where m decreases fastest);
/// ρ ← (f(θ) − f(θ + p)) / −m(p);  accept p when ρ > 1e-4;
/// Δ ← Δ/4 when ρ &lt; 1/4;  Δ ← min(2Δ, Δmax) when ρ &gt; 3/4 and ‖p‖ = Δ.
/// </code>
/// Each CG iteration costs one HVP (about 2–3 gradients); the forcing term √‖g‖ gives superlinear convergence.
/// </summary>
public sealed class NewtonCg : IClosureOptimizer
{
    private readonly FlatParameters _flat;
    private readonly double[] _theta;
    private readonly double[] _gradient;
    private readonly double[] _p;
    private readonly double[] _hp;
    private readonly double[] _r;
    private readonly double[] _d;
    private readonly double[] _hd;

    /// <summary>Newton-CG over <paramref name="parameters"/> (float32 or float64; the method works in float64).</summary>
    public NewtonCg(IReadOnlyList<Tensor> parameters, double initialRadius = 1.0, double maxRadius = 1e3, int maxCgIterations = 250, double gradientTolerance = 0)
    {
        _flat = new FlatParameters(parameters);
        if (!(initialRadius > 0) || !(maxRadius >= initialRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(initialRadius), $"NewtonCg: need 0 < initialRadius ≤ maxRadius, got {initialRadius} and {maxRadius}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxCgIterations, 1);
        Radius = initialRadius;
        MaxRadius = maxRadius;
        MaxCgIterations = maxCgIterations;
        GradientTolerance = gradientTolerance;
        var n = _flat.Dimension;
        _theta = new double[n];
        _gradient = new double[n];
        _p = new double[n];
        _hp = new double[n];
        _r = new double[n];
        _d = new double[n];
        _hd = new double[n];
    }

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Parameters => _flat.Parameters;

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>The current trust-region radius Δ.</summary>
    public double Radius { get; private set; }

    /// <summary>The largest radius allowed.</summary>
    public double MaxRadius { get; }

    /// <summary>The CG iteration limit per step.</summary>
    public int MaxCgIterations { get; }

    /// <summary>No step is taken when ‖∇f‖ is at most this (default 0: always step).</summary>
    public double GradientTolerance { get; }

    /// <summary>‖∇f‖ at the start of the last step.</summary>
    public double GradientNorm { get; private set; } = double.NaN;

    /// <summary>CG iterations (HVPs) in the last step.</summary>
    public int LastCgIterations { get; private set; }

    /// <summary>Whether the last step's CG met a direction of negative (or zero) curvature.</summary>
    public bool LastHitNegativeCurvature { get; private set; }

    /// <summary>The reduction ratio ρ of the last step (actual over predicted decrease).</summary>
    public double LastRatio { get; private set; } = double.NaN;

    /// <inheritdoc/>
    public double Step(Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        StepCount++;
        var f = _flat.ValueAndGradient(loss, _gradient);
        GradientNorm = VectorOps.Norm(_gradient);
        if (!double.IsFinite(f) || !double.IsFinite(GradientNorm))
        {
            throw new ArithmeticException($"NewtonCg: the loss or its gradient is not finite at step {StepCount} (loss {f}, ‖g‖ {GradientNorm}).");
        }

        if (GradientNorm <= GradientTolerance || GradientNorm == 0)
        {
            return f;
        }

        _flat.Read(_theta);
        var predicted = SolveSubproblem(loss);

        // Try θ + p.
        VectorOps.Axpy(1, _p, _theta);
        _flat.Write(_theta);
        var fNew = FlatParameters.Value(loss);
        var actual = f - fNew;
        LastRatio = predicted > 0 ? actual / predicted : double.NegativeInfinity;
        var stepNorm = VectorOps.Norm(_p);
        if (!double.IsFinite(fNew) || LastRatio < 0.25)
        {
            Radius = 0.25 * Math.Min(Radius, stepNorm);
        }
        else if (LastRatio > 0.75 && stepNorm >= 0.99 * Radius)
        {
            Radius = Math.Min(2 * Radius, MaxRadius);
        }

        if (!(double.IsFinite(fNew) && LastRatio > 1e-4))
        {
            VectorOps.Axpy(-1, _p, _theta);
            _flat.Write(_theta);
        }

        return f;
    }

    // Steihaug CG on Hp = −g within ‖p‖ ≤ Δ; returns the predicted decrease −m(p).
    private double SolveSubproblem(Func<Tensor> loss)
    {
        Array.Clear(_p);
        Array.Clear(_hp);
        _gradient.CopyTo(_r, 0);                     // r = Hp + g
        for (var i = 0; i < _d.Length; i++)
        {
            _d[i] = -_r[i];
        }

        var rr = VectorOps.Dot(_r, _r);
        var tolerance = Math.Min(0.5, Math.Sqrt(GradientNorm)) * GradientNorm;
        LastHitNegativeCurvature = false;
        LastCgIterations = 0;
        for (var k = 0; k < MaxCgIterations; k++)
        {
            _flat.Hvp(loss, _d, _hd);
            LastCgIterations++;
            var dhd = VectorOps.Dot(_d, _hd);
            if (dhd <= 0)
            {
                LastHitNegativeCurvature = true;
                ToBoundary(BoundaryStep());
                break;
            }

            var alpha = rr / dhd;
            var pp = 0.0;
            for (var i = 0; i < _p.Length; i++)
            {
                var next = _p[i] + (alpha * _d[i]);
                pp += next * next;
            }

            if (Math.Sqrt(pp) >= Radius)
            {
                ToBoundary(BoundaryStep());
                break;
            }

            VectorOps.Axpy(alpha, _d, _p);
            VectorOps.Axpy(alpha, _hd, _hp);
            VectorOps.Axpy(alpha, _hd, _r);
            var rrNext = VectorOps.Dot(_r, _r);
            if (Math.Sqrt(rrNext) <= tolerance)
            {
                break;
            }

            var beta = rrNext / rr;
            rr = rrNext;
            for (var i = 0; i < _d.Length; i++)
            {
                _d[i] = -_r[i] + (beta * _d[i]);
            }
        }

        // −m(p) = −(gᵀp + ½pᵀHp).
        return -(VectorOps.Dot(_gradient, _p) + (0.5 * VectorOps.Dot(_p, _hp)));
    }

    // τ ≥ 0 with ‖p + τd‖ = Δ.
    private double BoundaryStep()
    {
        var dd = VectorOps.Dot(_d, _d);
        var pd = VectorOps.Dot(_p, _d);
        var pp = VectorOps.Dot(_p, _p);
        var disc = Math.Max((pd * pd) + (dd * ((Radius * Radius) - pp)), 0);
        return (-pd + Math.Sqrt(disc)) / dd;
    }

    private void ToBoundary(double tau)
    {
        VectorOps.Axpy(tau, _d, _p);
        VectorOps.Axpy(tau, _hd, _hp);
    }
}
