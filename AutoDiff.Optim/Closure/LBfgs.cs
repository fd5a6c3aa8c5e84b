namespace AutoDiff.Optim;

/// <summary>
/// L-BFGS (Nocedal), a port of <c>torch.optim.LBFGS</c> with its strong-Wolfe line search, over a flat float64 view of
/// the parameters. Each <see cref="Step"/> runs up to <see cref="MaxIterations"/> iterations:
/// <code>
/// d = −H·g   (two-loop recursion over the last m pairs sᵢ = θᵢ₊₁ − θᵢ, yᵢ = gᵢ₊₁ − gᵢ with yᵢᵀsᵢ &gt; 1e-10,
///             H₀ = (yᵀs / yᵀy)·I; the first direction is −g with t = min(1, 1/‖g‖₁)·α)
/// θ ← θ + t·d with t from the strong-Wolfe search (c₁ = 1e-4, c₂ = 0.9, cubic interpolation), or t = α without it
/// </code>
/// stopping when max|g| ≤ tolerance_grad, the step or the loss change falls below tolerance_change, or the
/// evaluation budget is spent. Defaults are PyTorch's (α = 1, 20 iterations, 25 evaluations, history 100) except that
/// the strong-Wolfe search is on by default.
/// </summary>
public sealed class LBfgs : IClosureOptimizer
{
    private readonly FlatParameters _flat;
    private readonly List<double[]> _dirs = [];
    private readonly List<double[]> _steps = [];
    private readonly List<double> _rho = [];
    private readonly double[] _d;
    private readonly double[] _g;
    private readonly double[] _prevG;
    private readonly double[] _x0;
    private readonly double[] _x;
    private double _t;
    private double _hDiag = 1;
    private long _iterations;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters (leaves that require gradients).</param>
    /// <param name="lr">α, the initial step length.</param>
    /// <param name="maxIterations">Iterations per step.</param>
    /// <param name="maxEvaluations">Loss evaluations per step (default 1.25 × iterations).</param>
    /// <param name="toleranceGrad">Stop when max|g| is at most this.</param>
    /// <param name="toleranceChange">Stop when the step or the loss change is below this.</param>
    /// <param name="historySize">m, the number of (s, y) pairs kept.</param>
    /// <param name="strongWolfe">Whether to search the step length (otherwise t = α).</param>
    public LBfgs(IEnumerable<Tensor> parameters, double lr = 1, int maxIterations = 20, int? maxEvaluations = null, double toleranceGrad = 1e-7, double toleranceChange = 1e-9, int historySize = 100, bool strongWolfe = true)
    {
        const string name = nameof(LBfgs);
        Check.Require(lr > 0, name, nameof(lr), lr, "positive");
        Check.Require(maxIterations > 0, name, nameof(maxIterations), maxIterations, "positive");
        Check.Require(historySize > 0, name, nameof(historySize), historySize, "positive");
        Check.Require(toleranceGrad >= 0, name, nameof(toleranceGrad), toleranceGrad, "non-negative");
        Check.Require(toleranceChange >= 0, name, nameof(toleranceChange), toleranceChange, "non-negative");
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToArray();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is null || !list[i].IsLeaf)
            {
                throw new ArgumentException($"{name}: parameter {i} must be a leaf tensor.", nameof(parameters));
            }

            if (!seen.Add(list[i]))
            {
                throw new ArgumentException($"{name}: parameter {i} (shape {list[i].Shape}) is listed twice; each parameter may appear once.", nameof(parameters));
            }
        }

        _flat = new FlatParameters(list);
        LearningRate = lr;
        MaxIterations = maxIterations;
        MaxEvaluations = maxEvaluations ?? (maxIterations * 5 / 4);
        ToleranceGrad = toleranceGrad;
        ToleranceChange = toleranceChange;
        HistorySize = historySize;
        StrongWolfe = strongWolfe;
        var n = _flat.Dimension;
        _d = new double[n];
        _g = new double[n];
        _prevG = new double[n];
        _x0 = new double[n];
        _x = new double[n];
    }

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Parameters => _flat.Parameters;

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>α.</summary>
    public double LearningRate { get; set; }

    /// <summary>Iterations per step.</summary>
    public int MaxIterations { get; }

    /// <summary>Loss evaluations per step.</summary>
    public int MaxEvaluations { get; }

    /// <summary>The gradient tolerance.</summary>
    public double ToleranceGrad { get; }

    /// <summary>The change tolerance.</summary>
    public double ToleranceChange { get; }

    /// <summary>m.</summary>
    public int HistorySize { get; }

    /// <summary>Whether the strong-Wolfe line search is used.</summary>
    public bool StrongWolfe { get; }

    /// <summary>Loss evaluations over all steps.</summary>
    public long Evaluations { get; private set; }

    /// <inheritdoc/>
    public double Step(Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        StepCount++;
        var n = _flat.Dimension;
        var f = _flat.ValueAndGradient(loss, _g);
        var origLoss = f;
        var evals = 1;
        Evaluations++;
        if (MaxAbs(_g) <= ToleranceGrad)
        {
            return origLoss;
        }

        var iteration = 0;
        while (iteration < MaxIterations)
        {
            iteration++;
            _iterations++;
            if (_iterations == 1)
            {
                for (var i = 0; i < n; i++)
                {
                    _d[i] = -_g[i];
                }

                _hDiag = 1;
            }
            else
            {
                UpdateDirection(n);
            }

            _g.CopyTo(_prevG, 0);
            var prevLoss = f;
            _t = _iterations == 1 ? Math.Min(1.0, 1.0 / SumAbs(_g)) * LearningRate : LearningRate;
            var gtd = Dot(_g, _d);
            if (gtd > -ToleranceChange)
            {
                break;
            }

            int lsEvals;
            var converged = false;
            if (StrongWolfe)
            {
                _flat.Read(_x0);
                (f, _t, lsEvals) = StrongWolfeSearch(loss, f, gtd);
                AddToParameters(_t);
                converged = MaxAbs(_g) <= ToleranceGrad;
            }
            else
            {
                AddToParameters(_t);
                lsEvals = 0;
                if (iteration != MaxIterations)
                {
                    f = _flat.ValueAndGradient(loss, _g);
                    lsEvals = 1;
                    converged = MaxAbs(_g) <= ToleranceGrad;
                }
            }

            evals += lsEvals;
            Evaluations += lsEvals;
            if (iteration == MaxIterations || evals >= MaxEvaluations || converged)
            {
                break;
            }

            if (MaxAbs(_d) * Math.Abs(_t) <= ToleranceChange || Math.Abs(f - prevLoss) < ToleranceChange)
            {
                break;
            }
        }

        return origLoss;
    }

    /// <summary>The two-loop recursion: d = −H·g from the stored pairs, after adding the newest pair.</summary>
    private void UpdateDirection(int n)
    {
        var y = new double[n];
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = _g[i] - _prevG[i];
            s[i] = _d[i] * _t;
        }

        var ys = Dot(y, s);
        if (ys > 1e-10)
        {
            if (_dirs.Count == HistorySize)
            {
                _dirs.RemoveAt(0);
                _steps.RemoveAt(0);
                _rho.RemoveAt(0);
            }

            _dirs.Add(y);
            _steps.Add(s);
            _rho.Add(1.0 / ys);
            _hDiag = ys / Dot(y, y);
        }

        var count = _dirs.Count;
        var alpha = new double[count];
        var q = _d;
        for (var i = 0; i < n; i++)
        {
            q[i] = -_g[i];
        }

        for (var k = count - 1; k >= 0; k--)
        {
            alpha[k] = Dot(_steps[k], q) * _rho[k];
            Axpy(-alpha[k], _dirs[k], q);
        }

        for (var i = 0; i < n; i++)
        {
            q[i] *= _hDiag;
        }

        for (var k = 0; k < count; k++)
        {
            var beta = Dot(_dirs[k], q) * _rho[k];
            Axpy(alpha[k] - beta, _steps[k], q);
        }
    }

    /// <summary>f and its gradient (into <paramref name="g"/>) at x₀ + t·d; the parameters are put back to x₀.</summary>
    private double Directional(Func<Tensor> loss, double t, double[] g)
    {
        AddToParameters(t);
        var f = _flat.ValueAndGradient(loss, g);
        _flat.Write(_x0);
        return f;
    }

    /// <summary>θ ← θ + t·d.</summary>
    private void AddToParameters(double t)
    {
        _flat.Read(_x);
        for (var i = 0; i < _x.Length; i++)
        {
            _x[i] += t * _d[i];
        }

        _flat.Write(_x);
    }

    /// <summary>PyTorch's <c>_strong_wolfe</c>; leaves the accepted gradient in <c>_g</c>.</summary>
    private (double F, double T, int Evals) StrongWolfeSearch(Func<Tensor> loss, double f, double gtd, double c1 = 1e-4, double c2 = 0.9, int maxLs = 25)
    {
        var dNorm = MaxAbs(_d);
        var g = (double[])_g.Clone();
        var t = _t;
        var gNew = new double[_g.Length];
        var fNew = Directional(loss, t, gNew);
        var evals = 1;
        var gtdNew = Dot(gNew, _d);
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        var gPrev = g;
        var done = false;
        var lsIter = 0;
        double[] bracket, bracketF, bracketGtd;
        double[][] bracketG;
        while (true)
        {
            if (lsIter >= maxLs)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([0, t], [f, fNew], [g, gNew], [gtd, gtdNew]);
                break;
            }

            if (fNew > f + (c1 * t * gtd) || (lsIter > 1 && fNew >= fPrev))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, (double[])gNew.Clone()], [gtdPrev, gtdNew]);
                break;
            }

            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([t], [fNew], [gNew], [gtdNew]);
                done = true;
                break;
            }

            if (gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, (double[])gNew.Clone()], [gtdPrev, gtdNew]);
                break;
            }

            var minStep = t + (0.01 * (t - tPrev));
            var maxStep = t * 10;
            var tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = (double[])gNew.Clone();
            gtdPrev = gtdNew;
            fNew = Directional(loss, t, gNew);
            evals++;
            gtdNew = Dot(gNew, _d);
            lsIter++;
        }

        var insufficientProgress = false;
        var (low, high) = bracketF[0] <= bracketF[^1] ? (0, 1) : (1, 0);
        while (!done && lsIter < maxLs && bracket.Length == 2)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < ToleranceChange)
            {
                break;
            }

            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            var max = Math.Max(bracket[0], bracket[1]);
            var min = Math.Min(bracket[0], bracket[1]);
            var eps = 0.1 * (max - min);
            if (Math.Min(max - t, t - min) < eps)
            {
                if (insufficientProgress || t >= max || t <= min)
                {
                    t = Math.Abs(t - max) < Math.Abs(t - min) ? max - eps : min + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            fNew = Directional(loss, t, gNew);
            evals++;
            gtdNew = Dot(gNew, _d);
            lsIter++;
            if (fNew > f + (c1 * t * gtd) || fNew >= bracketF[low])
            {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = (double[])gNew.Clone();
                bracketGtd[high] = gtdNew;
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd)
                {
                    done = true;
                }
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }

                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = (double[])gNew.Clone();
                bracketGtd[low] = gtdNew;
            }
        }

        if (bracket.Length == 1)
        {
            low = 0;
        }

        bracketG[low].CopyTo(_g, 0);
        return (bracketF[low], bracket[low], evals);
    }

    /// <summary>PyTorch's <c>_cubic_interpolate</c>: the minimiser of the cubic through two points with slopes, clamped to the bounds.</summary>
    private static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double? lower = null, double? upper = null)
    {
        var (xmin, xmax) = lower is { } lo && upper is { } hi ? (lo, hi) : x1 <= x2 ? (x1, x2) : (x2, x1);
        var d1 = g1 + g2 - (3 * (f1 - f2) / (x1 - x2));
        var d2Square = (d1 * d1) - (g1 * g2);
        if (d2Square >= 0)
        {
            var d2 = Math.Sqrt(d2Square);
            var minPos = x1 <= x2
                ? x2 - ((x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + (2 * d2))))
                : x1 - ((x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + (2 * d2))));
            return Math.Min(Math.Max(minPos, xmin), xmax);
        }

        return (xmin + xmax) / 2.0;
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double MaxAbs(double[] a)
    {
        var m = 0.0;
        foreach (var v in a)
        {
            m = Math.Max(m, Math.Abs(v));
        }

        return m;
    }

    private static double SumAbs(double[] a)
    {
        var s = 0.0;
        foreach (var v in a)
        {
            s += Math.Abs(v);
        }

        return s;
    }
}
