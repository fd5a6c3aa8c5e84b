namespace AutoDiff.Checking;

/// <summary>
/// Compares forward-over-reverse Hessian-vector products with central differences of gradients,
/// H·v ≈ (∇f(x + εv) − ∇f(x − εv)) / 2ε, and tests symmetry: uᵀ(Hv) = vᵀ(Hu) for a random u.
/// On piecewise-linear networks (ReLU) take ε ≤ 1e-7 or smooth activations: with larger steps units switch on
/// or off between x − εv and x + εv.
/// </summary>
public static class HvpCheck
{
    /// <summary>Checks ∇²f(x)·v at x (Float64, scalar f).</summary>
    public static CheckReport Run(Func<Tensor, Tensor> f, Tensor x, Tensor v, CheckOptions? options = null)
    {
        options ??= CheckOptions.Default;
        var report = new CheckReport("HVP", options);
        Check(f, x, v, options, report, argument: -1);
        return report;
    }

    /// <summary>
    /// Checks a scalar function of several tensors argument by argument: for each argument a, the Hessian block
    /// ∇²ₐₐf·vₐ (the other arguments fixed) against central differences of ∇ₐf, so a failure names the argument whose
    /// second derivative is wrong (<see cref="CheckReport.WorstLocation"/> reads "argument a [i, …]").
    /// </summary>
    public static CheckReport Run(Func<Tensor[], Tensor> f, Tensor[] xs, Tensor[] vs, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(vs);
        if (xs.Length != vs.Length)
        {
            throw new ArgumentException($"HvpCheck: {xs.Length} arguments but {vs.Length} directions; they must match.");
        }

        options ??= CheckOptions.Default;
        var report = new CheckReport("HVP", options);
        for (var a = 0; a < xs.Length; a++)
        {
            var arg = a;
            Check(x => f(FiniteDifference.Replaced(xs, arg, x)), xs[a], vs[a], options, report, a);
        }

        return report;
    }

    /// <summary>
    /// Adds the comparison of H·v with central differences of ∇f to <paramref name="report"/>, and the symmetry test with a
    /// random u (the worst over calls); <paramref name="argument"/> is the argument's index for locations, or −1.
    /// </summary>
    private static void Check(Func<Tensor, Tensor> f, Tensor x, Tensor v, CheckOptions options, CheckReport report, int argument)
    {
        FiniteDifference.RequireFloat64("HvpCheck", x);
        var hv = AD.Hvp(f, x, v);
        var plus = AD.Grad(f, FiniteDifference.Shifted(x, v, options.Eps));
        var minus = AD.Grad(f, FiniteDifference.Shifted(x, v, -options.Eps));
        for (var i = 0; i < hv.Size; i++)
        {
            var numeric = (plus.GetFlat(i) - minus.GetFlat(i)) / (2 * options.Eps);
            report.Add(hv.GetFlat(i), numeric, FiniteDifference.Location(hv.Shape, i, argument));
        }

        var u = Tensor.Randn(x.Shape, options.Seed + 7, DType.Float64);
        var hu = AD.Hvp(f, x, u);
        var uHv = FiniteDifference.Dot(u, hv);
        var vHu = FiniteDifference.Dot(v, hu);
        var error = Math.Abs(uHv - vHu) / Math.Max(Math.Max(Math.Abs(uHv), Math.Abs(vHu)), 1e-300);
        report.SymmetryError = Math.Max(report.SymmetryError, error);
        report.SymmetryPassed &= Math.Abs(uHv - vHu) <= options.Atol + (options.Rtol * Math.Max(Math.Abs(uHv), Math.Abs(vHu)));
    }
}
