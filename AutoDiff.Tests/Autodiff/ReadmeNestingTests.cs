using AutoDiff.Checking;

namespace AutoDiff.Tests.Autodiff;

/// <summary>The README's nesting and user-defined-function examples, verbatim, checked against closed forms.</summary>
public sealed class ReadmeNestingTests
{
    [Fact]
    public void NestedTransforms_AsWritten_MatchClosedFormsAndDifferences()
    {
        var one = Tensor.Scalar(1.0, DType.Float64);

        // d/dx [x · d/dy (x + y)] = 1; an implementation that mixes the two perturbations gives 2.
        Tensor d = AD.Grad(x => Ops.Mul(x, AD.Grad(y => Ops.Add(x, y), one)), one);

        // The third derivative of x⁴ at 1 is 24.
        Tensor third = AD.Grad(a => AD.Grad(b => AD.Grad(c => Ops.Pow(c, 4), b), a), one);

        // The Hessian as the Jacobian of the gradient (forward over reverse).
        var w = Tensor.FromArray([0.5, -1.0]);
        Tensor hessian = AD.Jacobian(u => AD.Grad(v => Ops.Sum(Ops.Exp(Ops.Mul(v, v))), u), w);

        // A hypergradient: d/dα of the loss after 5 SGD steps with learning rate α.
        Tensor Loss(Tensor theta) => Ops.Sum(Ops.Square(Ops.Sub(Ops.Exp(theta), 2.0)));
        Tensor Unrolled(Tensor alpha)
        {
            var theta = w;
            for (var k = 0; k < 5; k++)
            {
                theta = Ops.Sub(theta, Ops.Mul(alpha, AD.Grad(Loss, theta)));
            }

            return Loss(theta);
        }

        Tensor hypergradient = AD.Grad(Unrolled, Tensor.Scalar(0.05, DType.Float64));

        // A gradient penalty ‖∇ₓ f(x)‖², differentiated with respect to a parameter on the everyday tape.
        var p = Tensor.FromArray([0.3, -0.2]);
        p.RequiresGrad = true;
        using (var tape = Tape.Record())
        {
            var gx = AD.Grad(x => Ops.Sum(Ops.Tanh(Ops.Mul(p, x))), w);
            Ops.Sum(Ops.Square(gx)).Backward();           // p.Grad = ∇ₚ ‖∇ₓ f‖²
        }

        Assert.Equal(1.0, d.Item());
        Assert.Equal(24.0, third.Item(), 12);
        for (var i = 0; i < 2; i++)
        {
            var wi = w.GetFlat(i);
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(i == j ? (2 + (4 * wi * wi)) * Math.Exp(wi * wi) : 0, hessian[i, j], 12);
            }
        }

        const double eps = 1e-6;
        var numeric = (Unrolled(Tensor.Scalar(0.05 + eps, DType.Float64)).Item() - Unrolled(Tensor.Scalar(0.05 - eps, DType.Float64)).Item()) / (2 * eps);
        Assert.Equal(numeric, hypergradient.Item(), 1e-6 * Math.Max(1, Math.Abs(numeric)));

        // ‖∇ₓ‖² = Σ p²·sech⁴(p·x) per component: compare with central differences in p.
        static double Penalty(double pi, double xi) => pi * pi * Math.Pow(1 / Math.Cosh(pi * xi), 4);
        for (var i = 0; i < 2; i++)
        {
            var (pi, xi) = (p.GetFlat(i), w.GetFlat(i));
            var dp = (Penalty(pi + eps, xi) - Penalty(pi - eps, xi)) / (2 * eps);
            Assert.Equal(dp, p.Grad!.GetFlat(i), 1e-8);
        }
    }

    [Fact]
    public void CustomFunction_AsWritten_GivesSigmoidAndPassesTheChecks()
    {
        // softplus(x) = log(1 + eˣ), whose derivative is σ(x).
        var softplus = new CustomFunction("MySoftplus",
            forward: xs => Ops.Log(Ops.Add(Ops.Exp(xs[0]), 1.0)),
            jvp: (xs, y, dx) => Ops.Mul(Ops.Sigmoid(xs[0]), dx[0]!));

        var x = Tensor.FromArray([0.3, -1.2, 2.0]);
        Tensor F(Tensor t) => Ops.Sum(softplus.Invoke(t));
        Tensor g = AD.Grad(F, x);                                          // σ(x)
        Tensor hv = AD.Hvp(F, x, Tensor.FromArray([1.0, 0.0, 0.0]));      // σ′(x₀)·e₀
        GradCheck.Run(F, x).EnsurePassed();
        HvpCheck.Run(F, x, Tensor.FromArray([1.0, 0.0, 0.0])).EnsurePassed();

        for (var i = 0; i < 3; i++)
        {
            var s = 1 / (1 + Math.Exp(-x.GetFlat(i)));
            Assert.Equal(s, g.GetFlat(i), 14);
            Assert.Equal(i == 0 ? s * (1 - s) : 0, hv.GetFlat(i), 14);
        }
    }
}
