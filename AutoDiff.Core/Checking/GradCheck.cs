namespace AutoDiff.Checking;

/// <summary>
/// Compares reverse-mode gradients with central finite differences, in Float64:
/// ∂f/∂xᵢ ≈ (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε. For a non-scalar f the checked function is ⟨u, f(x)⟩ with a fixed
/// random u, which checks the whole vector-Jacobian product.
/// </summary>
public static class GradCheck
{
    /// <summary>Checks every element of the gradient (2 evaluations of f per element).</summary>
    public static CheckReport Run(Func<Tensor, Tensor> f, Tensor x, CheckOptions? options = null)
        => Run(xs => f(xs[0]), [x], options);

    /// <summary>Checks the gradient with respect to each argument of a function of several tensors.</summary>
    public static CheckReport Run(Func<Tensor[], Tensor> f, Tensor[] xs, CheckOptions? options = null)
    {
        options ??= CheckOptions.Default;
        foreach (var x in xs)
        {
            FiniteDifference.RequireFloat64("GradCheck", x);
        }

        var scalar = Scalarised(f, xs, options);
        var (_, grads) = AD.ValueAndGrad(scalar, xs);
        var report = new CheckReport("gradient", options);
        for (var a = 0; a < xs.Length; a++)
        {
            for (var i = 0; i < xs[a].Size; i++)
            {
                var e = Tensor.Zeros(xs[a].Shape, DType.Float64);
                e.SetFlat(i, 1);
                var numeric = Directional(scalar, xs, a, e, options.Eps);
                report.Add(grads[a].GetFlat(i), numeric, FiniteDifference.Location(xs[a].Shape, i, xs.Length > 1 ? a : -1));
            }
        }

        return report;
    }

    /// <summary>
    /// The fast mode: compares ⟨∇f, u⟩ with (f(x + εu) − f(x − εu)) / 2ε for <paramref name="directions"/> random
    /// unit directions u (2 evaluations each, whatever the size of x).
    /// </summary>
    public static CheckReport RunFast(Func<Tensor, Tensor> f, Tensor x, int directions = 8, CheckOptions? options = null)
    {
        options ??= CheckOptions.Default;
        FiniteDifference.RequireFloat64("GradCheck", x);
        Func<Tensor[], Tensor> fs = xs => f(xs[0]);
        var scalar = Scalarised(fs, [x], options);
        var (_, grads) = AD.ValueAndGrad(scalar, [x]);
        var rng = new Rng(options.Seed + 1);
        var report = new CheckReport("directional gradient", options);
        for (var d = 0; d < directions; d++)
        {
            var u = Tensor.Randn(x.Shape, rng, dtype: DType.Float64);
            var norm = Math.Sqrt(FiniteDifference.Dot(u, u));
            u = Ops.Div(u, norm == 0 ? 1 : norm);
            report.Add(FiniteDifference.Dot(grads[0], u), Directional(scalar, [x], 0, u, options.Eps), $"direction {d}");
        }

        return report;
    }

    private static double Directional(Func<Tensor[], Tensor> f, Tensor[] xs, int a, Tensor v, double eps)
    {
        Tensor At(double s)
        {
            var args = xs.Select(x => x.Detach()).ToArray();
            args[a] = FiniteDifference.Shifted(xs[a], v, s);
            using (Tape.NoGrad())
            {
                return f(args);
            }
        }

        return (At(eps).Item() - At(-eps).Item()) / (2 * eps);
    }

    private static Func<Tensor[], Tensor> Scalarised(Func<Tensor[], Tensor> f, Tensor[] xs, CheckOptions options)
    {
        Shape shape;
        using (Tape.NoGrad())
        {
            shape = f(xs.Select(x => x.Detach()).ToArray()).Shape;
        }

        if (shape.Size == 1)
        {
            return xs1 => Ops.Reshape(f(xs1), Shape.Scalar);
        }

        var u = Tensor.Randn(shape, options.Seed, DType.Float64);
        return xs1 => Ops.Sum(Ops.Mul(f(xs1), u));
    }
}
