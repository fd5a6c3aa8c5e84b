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
        FiniteDifference.RequireFloat64("HvpCheck", x);
        var hv = AD.Hvp(f, x, v);
        var plus = AD.Grad(f, FiniteDifference.Shifted(x, v, options.Eps));
        var minus = AD.Grad(f, FiniteDifference.Shifted(x, v, -options.Eps));
        var report = new CheckReport("HVP", options);
        for (var i = 0; i < hv.Size; i++)
        {
            var numeric = (plus.GetFlat(i) - minus.GetFlat(i)) / (2 * options.Eps);
            report.Add(hv.GetFlat(i), numeric, FiniteDifference.Location(hv.Shape, i));
        }

        var u = Tensor.Randn(x.Shape, options.Seed + 7, DType.Float64);
        var hu = AD.Hvp(f, x, u);
        var uHv = FiniteDifference.Dot(u, hv);
        var vHu = FiniteDifference.Dot(v, hu);
        report.SymmetryError = Math.Abs(uHv - vHu) / Math.Max(Math.Max(Math.Abs(uHv), Math.Abs(vHu)), 1e-300);
        report.SymmetryPassed = Math.Abs(uHv - vHu) <= options.Atol + (options.Rtol * Math.Max(Math.Abs(uHv), Math.Abs(vHu)));
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
            FiniteDifference.RequireFloat64("HvpCheck", xs[a]);
            var arg = a;
            Tensor Block(Tensor x) => f(FiniteDifference.Replaced(xs, arg, x));
            var block = Run(Block, xs[a], vs[a], options);
            var hv = AD.Hvp(Block, xs[a], vs[a]);
            var plus = AD.Grad(Block, FiniteDifference.Shifted(xs[a], vs[a], options.Eps));
            var minus = AD.Grad(Block, FiniteDifference.Shifted(xs[a], vs[a], -options.Eps));
            for (var i = 0; i < hv.Size; i++)
            {
                var numeric = (plus.GetFlat(i) - minus.GetFlat(i)) / (2 * options.Eps);
                report.Add(hv.GetFlat(i), numeric, FiniteDifference.Location(hv.Shape, i, a));
            }

            if (block.SymmetryError > report.SymmetryError)
            {
                report.SymmetryError = block.SymmetryError;
            }

            report.SymmetryPassed &= block.SymmetryPassed;
        }

        return report;
    }
}
