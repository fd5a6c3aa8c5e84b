namespace AutoDiff.Checking;

/// <summary>
/// Compares forward-mode Jacobian-vector products with central differences: J·v ≈ (f(x + εv) − f(x − εv)) / 2ε,
/// element by element of the output.
/// </summary>
public static class JvpCheck
{
    /// <summary>Checks ∂f/∂x·v at x (Float64).</summary>
    public static CheckReport Run(Func<Tensor, Tensor> f, Tensor x, Tensor v, CheckOptions? options = null)
    {
        options ??= CheckOptions.Default;
        FiniteDifference.RequireFloat64("JvpCheck", x);
        var (_, tangent) = AD.Jvp(f, x, v);
        var plus = FiniteDifference.Eval(f, FiniteDifference.Shifted(x, v, options.Eps));
        var minus = FiniteDifference.Eval(f, FiniteDifference.Shifted(x, v, -options.Eps));
        var report = new CheckReport("JVP", options);
        for (var i = 0; i < tangent.Size; i++)
        {
            var numeric = (plus.GetFlat(i) - minus.GetFlat(i)) / (2 * options.Eps);
            report.Add(tangent.GetFlat(i), numeric, FiniteDifference.Location(tangent.Shape, i));
        }

        return report;
    }

    /// <summary>
    /// Checks a function of several tensors argument by argument: for each argument a, ∂f/∂xₐ·vₐ (the other arguments
    /// fixed) against central differences, so a failure names the argument whose derivative is wrong
    /// (<see cref="CheckReport.WorstLocation"/> reads "argument a [i, …]", the index into the output).
    /// </summary>
    public static CheckReport Run(Func<Tensor[], Tensor> f, Tensor[] xs, Tensor[] vs, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(vs);
        if (xs.Length != vs.Length)
        {
            throw new ArgumentException($"JvpCheck: {xs.Length} arguments but {vs.Length} directions; they must match.");
        }

        options ??= CheckOptions.Default;
        var report = new CheckReport("JVP", options);
        for (var a = 0; a < xs.Length; a++)
        {
            FiniteDifference.RequireFloat64("JvpCheck", xs[a]);
            var directions = new Tensor?[xs.Length];
            directions[a] = vs[a];
            var (_, tangent) = AD.Jvp(f, xs, directions);
            var plus = FiniteDifference.Eval(f, FiniteDifference.Replaced(xs, a, FiniteDifference.Shifted(xs[a], vs[a], options.Eps)));
            var minus = FiniteDifference.Eval(f, FiniteDifference.Replaced(xs, a, FiniteDifference.Shifted(xs[a], vs[a], -options.Eps)));
            for (var i = 0; i < tangent.Size; i++)
            {
                var numeric = (plus.GetFlat(i) - minus.GetFlat(i)) / (2 * options.Eps);
                report.Add(tangent.GetFlat(i), numeric, FiniteDifference.Location(tangent.Shape, i, a));
            }
        }

        return report;
    }
}
