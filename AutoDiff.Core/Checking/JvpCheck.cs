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
}
