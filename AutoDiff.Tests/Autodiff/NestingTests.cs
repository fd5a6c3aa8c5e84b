namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// Transforms nest to any depth in any combination, without perturbation confusion (Siskind and Pearlmutter;
/// DiffSharp's TestDerivatives.Nested): each result is checked against a closed form or central differences.
/// </summary>
public sealed class NestingTests
{
    private static Tensor S(double v) => Tensor.Scalar(v, DType.Float64);

    [Theory]
    [InlineData(1.0)]
    [InlineData(-2.5)]
    [InlineData(7.0)]
    public void Grad_InsideGrad_NoPerturbationConfusion(double x0)
    {
        // d/dx [x · d/dy (x + y)] = d/dx [x · 1] = 1 at every x; a tagless implementation gives 2.
        var g = AD.Grad(x => Ops.Mul(x, AD.Grad(y => Ops.Add(x, y), S(1.0))), S(x0));
        Assert.Equal(1.0, g.Item());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Jvp_InsideJvp_NoPerturbationConfusion(double x0)
    {
        // The same case in forward mode: the inner tangent must not see the outer perturbation of x.
        var (_, t) = AD.Jvp(x => Ops.Mul(x, AD.Jvp(y => Ops.Add(x, y), S(1.0), S(1.0)).Tangent), S(x0), S(1.0));
        Assert.Equal(1.0, t.Item());
    }

    [Fact]
    public void Transforms_MixedInsideEachOther_NoPerturbationConfusion()
    {
        // d/dx [x · d/dy (x·y)] = d/dx x² = 2x, through every combination of forward and reverse levels.
        const double x0 = 1.5;
        Tensor Inner(Tensor x, int kind) => kind switch
        {
            0 => AD.Grad(y => Ops.Mul(x, y), S(2.0)),
            1 => AD.Jvp(y => Ops.Mul(x, y), S(2.0), S(1.0)).Tangent,
            2 => AD.Vjp(y => Ops.Mul(x, y), S(2.0), S(1.0)).Cotangent,
            _ => AD.Jacobian(y => Ops.Mul(x, y), S(2.0)),
        };

        for (var kind = 0; kind < 4; kind++)
        {
            var k = kind;
            Assert.Equal(2 * x0, AD.Grad(x => Ops.Mul(x, Inner(x, k)), S(x0)).Item(), 14);
            Assert.Equal(2 * x0, AD.Jvp(x => Ops.Mul(x, Inner(x, k)), S(x0), S(1.0)).Tangent.Item(), 14);
            Assert.Equal(2 * x0, AD.Vjp(x => Ops.Mul(x, Inner(x, k)), S(x0), S(1.0)).Cotangent.Item(), 14);
            Assert.Equal(2.0, AD.Hvp(x => Ops.Mul(x, Inner(x, k)), S(x0), S(1.0)).Item(), 14); // d²/dx² x² = 2
        }
    }

    [Fact]
    public void Grad_InsideRecordedBackward_IsNotConfused()
    {
        // The everyday outer level (Tape.Record + Backward) around a functional inner level: d/dx[x · d/dy(x + y)] = 1.
        var x = Tensor.Scalar(1.0, DType.Float64);
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var inner = AD.Grad(y => Ops.Add(x, y), Tensor.Scalar(1.0, DType.Float64));
        var outer = Ops.Mul(x, inner);
        outer.Backward();

        Assert.Equal(1.0, inner.Item());
        Assert.Equal(1.0, x.Grad!.Item());
    }

    /// <summary>f(x) = Σ e^(a⊙x) + (xᵀx)²: H = diag(a²·e^(a⊙x)) + 4(xᵀx)·I + 8·x·xᵀ.</summary>
    private static readonly double[] A = [0.5, -1.0, 0.25, 2.0];

    private static Tensor F(Tensor x)
    {
        var a = Tensor.FromArray(A);
        var q = Ops.Sum(Ops.Mul(x, x));
        return Ops.Add(Ops.Sum(Ops.Exp(Ops.Mul(a, x))), Ops.Mul(q, q));
    }

    private static double[,] ClosedHessian(double[] x)
    {
        var n = x.Length;
        var q = x.Sum(v => v * v);
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                h[i, j] = (8 * x[i] * x[j]) + (i == j ? (A[i] * A[i] * Math.Exp(A[i] * x[i])) + (4 * q) : 0);
            }
        }

        return h;
    }

    [Fact]
    public void Hessian_AllNestings_AgreeWithTheClosedForm()
    {
        var xs = new[] { 0.3, -0.7, 1.1, 0.2 };
        var x = Tensor.FromArray(xs);
        var n = xs.Length;
        var expected = ClosedHessian(xs);

        var forwardOverReverse = AD.Jacobian(t => AD.Grad(F, t), x);
        var hessian = AD.Hessian(F, x);
        Assert.Equal(new Shape(n, n), forwardOverReverse.Shape);
        for (var i = 0; i < n; i++)
        {
            var ei = Basis(n, i);
            var hvp = AD.Hvp(F, x, ei);
            var reverseOverReverse = AD.Vjp(t => AD.Grad(F, t), x, ei).Cotangent;
            var gradOfJvp = AD.Grad(t => AD.Jvp(F, t, ei).Tangent, x);
            for (var j = 0; j < n; j++)
            {
                var ej = Basis(n, j);
                var forwardOverForward = AD.Jvp(t => AD.Jvp(F, t, ej).Tangent, x, ei).Tangent.Item();
                var tol = 1e-12 * Math.Max(1, Math.Abs(expected[i, j]));
                Assert.Equal(expected[i, j], forwardOverReverse[i, j], tol);
                Assert.Equal(expected[i, j], hessian[i, j], tol);
                Assert.Equal(expected[i, j], hvp.GetFlat(j), tol);
                Assert.Equal(expected[i, j], reverseOverReverse.GetFlat(j), tol);
                Assert.Equal(expected[i, j], gradOfJvp.GetFlat(j), tol);
                Assert.Equal(expected[i, j], forwardOverForward, tol);
            }
        }
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void ThirdDerivative_OfScalarFunction_MatchesClosedForm(double x0)
    {
        // f(x) = x⁵ + eˣ·x: f‴(x) = 60x² + eˣ·(x + 3).
        static Tensor G(Tensor x) => Ops.Add(Ops.Pow(x, 5), Ops.Mul(Ops.Exp(x), x));
        var expected = (60 * x0 * x0) + (Math.Exp(x0) * (x0 + 3));
        var tol = 1e-11 * Math.Abs(expected);

        Assert.Equal(expected, AD.Grad(a => AD.Grad(b => AD.Grad(G, b), a), S(x0)).Item(), tol);
        Assert.Equal(expected, AD.Jvp(a => AD.Hvp(G, a, S(1.0)), S(x0), S(1.0)).Tangent.Item(), tol);
        Assert.Equal(expected, AD.Grad(a => AD.Jvp(b => AD.Jvp(G, b, S(1.0)).Tangent, a, S(1.0)).Tangent, S(x0)).Item(), tol);
        Assert.Equal(expected, AD.Hessian(a => AD.Grad(G, a), S(x0)).Item(), tol);
    }

    [Fact]
    public void ThirdDirectionalDerivative_OfMlpLoss_MatchesCentralDifferences()
    {
        var mlp = new TinyMlp(seed: 3);
        var theta = mlp.InitialTheta();
        var v = Tensor.Randn(theta.Shape, seed: 11, DType.Float64);

        // D³L(θ)[v, v, v] = d³/dt³ L(θ + t·v) at t = 0, by three nested forward levels and by Jvp of an HVP.
        var fff = AD.Jvp(a => AD.Jvp(b => AD.Jvp(mlp.Loss, b, v).Tangent, a, v).Tangent, theta, v).Tangent.Item();
        var forwardOverHvp = Dot(AD.Jvp(a => AD.Hvp(mlp.Loss, a, v), theta, v).Tangent, v);

        // Central differences of the second directional derivative vᵀH(θ ± εv)v.
        const double eps = 1e-4;
        double Second(double s) => Dot(AD.Hvp(mlp.Loss, Ops.Add(theta, Ops.Mul(v, s)), v), v);
        var numeric = (Second(eps) - Second(-eps)) / (2 * eps);

        Assert.Equal(fff, forwardOverHvp, 1e-10 * Math.Max(1, Math.Abs(fff)));
        Assert.Equal(numeric, fff, 1e-5 * Math.Max(1, Math.Abs(numeric)));
    }

    [Fact]
    public void GradientPenalty_WrtMlpParameters_MatchesCentralDifferences()
    {
        // P(θ) = ‖∇ₓ f(θ, x)‖², differentiated with respect to θ by a recorded tape around AD.Grad, and by AD.Grad
        // around AD.Grad; both against central differences of P.
        var mlp = new TinyMlp(seed: 5);
        var theta0 = mlp.InitialTheta();
        var x0 = Tensor.Randn(new Shape(TinyMlp.In), seed: 8, DType.Float64);
        Tensor Penalty(Tensor theta)
        {
            var gx = AD.Grad(x => Ops.Sum(mlp.Forward(theta, Ops.Reshape(x, 1, TinyMlp.In))), x0);
            return Ops.Sum(Ops.Mul(gx, gx));
        }

        var functional = AD.Grad(Penalty, theta0);

        var theta = theta0.Clone();
        theta.RequiresGrad = true;
        using (var tape = Tape.Record())
        {
            Penalty(theta).Backward();
        }

        var recorded = theta.Grad!;
        for (var i = 0; i < theta0.Size; i++)
        {
            const double eps = 1e-6;
            var plus = theta0.Clone();
            plus.SetFlat(i, plus.GetFlat(i) + eps);
            var minus = theta0.Clone();
            minus.SetFlat(i, minus.GetFlat(i) - eps);
            var numeric = (Penalty(plus).Item() - Penalty(minus).Item()) / (2 * eps);
            var tol = 1e-6 * Math.Max(1, Math.Abs(numeric));
            Assert.Equal(numeric, functional.GetFlat(i), tol);
            Assert.Equal(functional.GetFlat(i), recorded.GetFlat(i), 1e-12 * Math.Max(1, Math.Abs(numeric)));
        }
    }

    [Fact]
    public void Hypergradient_ThroughFiveUnrolledSgdSteps_MatchesCentralDifferences()
    {
        var mlp = new TinyMlp(seed: 9);
        var theta0 = mlp.InitialTheta();

        // L(θ₅(α)) where θₖ₊₁ = θₖ − α∇L(θₖ): the gradient inside is a transform level of its own.
        Tensor Unrolled(Tensor alpha)
        {
            var theta = theta0;
            for (var k = 0; k < 5; k++)
            {
                theta = Ops.Sub(theta, Ops.Mul(alpha, AD.Grad(mlp.Loss, theta)));
            }

            return mlp.Loss(theta);
        }

        const double a0 = 0.1;
        const double eps = 1e-5;
        var hyper = AD.Grad(Unrolled, S(a0)).Item();
        var numeric = (Unrolled(S(a0 + eps)).Item() - Unrolled(S(a0 - eps)).Item()) / (2 * eps);

        Assert.NotEqual(0.0, hyper);
        Assert.Equal(numeric, hyper, 1e-7 * Math.Max(1, Math.Abs(numeric)));
    }

    [Fact]
    public void BackwardCreateGraph_DoubleBackward_GivesSecondDerivative()
    {
        // PyTorch's double backward on one tape: g = 3x², then d(Σg)/dx = 6x.
        var x = Tensor.FromArray([1.5, -2.0]);
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var y = Ops.Sum(Ops.Pow(x, 3));
        y.Backward(Tensor.Scalar(1.0, DType.Float64), createGraph: true);
        var g = x.Grad!;
        Assert.Equal([6.75, 12.0], g.ToArray());

        x.Grad = null;
        Ops.Sum(g).Backward();
        Assert.Equal([9.0, -12.0], x.Grad!.ToArray());
    }

    [Fact]
    public void BackwardCreateGraph_GradOutlivesTheTape()
    {
        // Grad is documented as never pooled; a createGraph gradient is built from recorded operations, whose results the
        // tape's buffer scope would hand back when it ends.
        var x = Tensor.FromArray([1.5, -2.0]);
        x.RequiresGrad = true;
        using (var tape = Tape.Record())
        {
            Ops.Sum(Ops.Pow(x, 3)).Backward(Tensor.Scalar(1.0, DType.Float64), createGraph: true);
            Ops.Sum(Ops.Mul(x, x)).Backward(Tensor.Scalar(1.0, DType.Float64), createGraph: true);
        }

        using (var next = Tape.Record())
        {
            _ = Ops.Mul(Tensor.FromArray([7.0, 7.0]), 3.0); // reuses pooled buffers
        }

        Assert.Equal([6.75 + 3.0, 12.0 - 4.0], x.Grad!.ToArray());
    }

    [Fact]
    public void Transforms_InsideATape_ReturnValuesThatOutliveIt()
    {
        // Nested in a reverse level a transform pools its intermediates in that level's scope, but what it returns is
        // never pooled.
        var x = Tensor.FromArray([0.5, -1.0]);
        Tensor g, h, j, hv, t;
        using (var tape = Tape.Record())
        {
            g = AD.Grad(F2, x);
            h = AD.Hessian(F2, x);
            j = AD.Jacobian(u => Ops.Exp(u), x);
            hv = AD.Hvp(F2, x, x);
            t = AD.Jvp(F2, x, x).Tangent;
        }

        Assert.All([g, h, j, hv, t], r => Assert.False(r.IsReleased));
        Assert.Equal(3 * Math.Exp(0.25), h[0, 0], 12); // (2 + 4x²)·e^(x²) at x = 0.5
        Assert.Equal(Math.Exp(0.5), j[0, 0], 12);
        Assert.Equal(Math.Exp(0.25), g.GetFlat(0), 12); // 2x·e^(x²)
    }

    private static Tensor F2(Tensor x) => Ops.Sum(Ops.Exp(Ops.Mul(x, x)));

    [Fact]
    public void Grad_InsideNoGrad_StillDifferentiatesItsFunction()
    {
        // As torch.func.grad inside torch.no_grad: NoGrad stops the tapes open around it, not a transform called inside it.
        var x = Tensor.Scalar(2.0, DType.Float64);
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        Tensor g;
        using (Tape.NoGrad())
        {
            g = AD.Grad(t => Ops.Mul(Ops.Mul(t, t), x), Tensor.Scalar(3.0, DType.Float64));
        }

        Assert.Equal(12.0, g.Item()); // ∂/∂t t²·x = 2tx
        Assert.False(g.RequiresGrad); // the open tape did not record it
        Assert.Equal(0, tape.Count);
    }

    [Fact]
    public void Grad_FunctionCapturesTrackedLeaf_LeavesItsGradUntouched()
    {
        // AD.Grad differentiates with respect to its argument only; a parameter the function closes over keeps its Grad.
        var w = Tensor.FromArray(new[] { 2.0, -1.0 });
        w.RequiresGrad = true;

        var g = AD.Grad(t => Ops.Sum(Ops.Mul(w, t)), Tensor.FromArray(new[] { 5.0, 7.0 }));

        Assert.Equal(new[] { 2.0, -1.0 }, g.ToArray());
        Assert.Null(w.Grad);
    }

    [Fact]
    public void Hvp_ParametersOverload_OtherCapturedLeafKeepsItsGrad()
    {
        var w = Tensor.FromArray(new[] { 1.0, 2.0 });
        var other = Tensor.FromArray(new[] { 3.0, -1.0 });
        w.RequiresGrad = true;
        other.RequiresGrad = true;

        var hv = AD.Hvp(() => Ops.Sum(Ops.Mul(Ops.Mul(w, w), other)), [w], [Tensor.FromArray(new[] { 1.0, 1.0 })]);

        Assert.Equal(new[] { 6.0, -2.0 }, hv[0].ToArray()); // ∂²/∂w² Σ w²·o = 2o
        Assert.Null(w.Grad);
        Assert.Null(other.Grad);
        Assert.True(other.RequiresGrad);
        Assert.Null(w.Tangent);
    }

    [Fact]
    public void Vjp_FunctionCapturesTrackedLeaf_LeavesItsGradUntouched()
    {
        var w = Tensor.FromArray(new[] { 2.0, -1.0 });
        w.RequiresGrad = true;

        var (_, cot) = AD.Vjp(t => Ops.Mul(w, t), Tensor.FromArray(new[] { 5.0, 7.0 }), Tensor.FromArray(new[] { 1.0, 1.0 }));

        Assert.Equal(new[] { 2.0, -1.0 }, cot.ToArray());
        Assert.Null(w.Grad);
    }

    private static Tensor Basis(int n, int i)
    {
        var e = Tensor.Zeros(new Shape(n), DType.Float64);
        e.SetFlat(i, 1);
        return e;
    }

    private static double Dot(Tensor a, Tensor b) => Ops.Sum(Ops.Mul(a, b)).Item();

    /// <summary>A 3-4-1 tanh MLP on fixed data, with all parameters in one flat θ.</summary>
    private sealed class TinyMlp(ulong seed)
    {
        public const int In = 3;
        private const int Hidden = 4;
        private readonly Tensor _x = Tensor.Randn(new Shape(6, In), seed + 100, DType.Float64);
        private readonly Tensor _t = Tensor.Randn(new Shape(6, 1), seed + 200, DType.Float64);

        public Tensor InitialTheta() => Ops.Mul(Tensor.Randn(new Shape((Hidden * In) + Hidden + Hidden + 1), seed, DType.Float64), 0.5);

        public Tensor Forward(Tensor theta, Tensor x)
        {
            var at = 0;
            Tensor Take(params int[] dims)
            {
                var size = dims.Aggregate(1, (p, d) => p * d);
                var part = Ops.Reshape(Ops.Slice(theta, 0, at, size), dims);
                at += size;
                return part;
            }

            var w1 = Take(Hidden, In);
            var b1 = Take(Hidden);
            var w2 = Take(1, Hidden);
            var b2 = Take(1);
            var h = Ops.Tanh(Ops.Linear(x, w1, b1));
            return Ops.Linear(h, w2, b2);
        }

        public Tensor Loss(Tensor theta) => Ops.Mean(Ops.Square(Ops.Sub(Forward(theta, _x), _t)));
    }
}
