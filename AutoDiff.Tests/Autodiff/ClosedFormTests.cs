namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// AD.Grad, AD.Hvp and AD.Hessian on functions whose derivatives are known in closed form, computed here with
/// plain double loops: a quadratic ½θᵀAθ + bᵀθ with SPD A, and the mean logistic-regression loss.
/// </summary>
public sealed class ClosedFormTests
{
    private const int N = 6;

    [Fact]
    public void Grad_Quadratic_EqualsAThetaPlusB()
    {
        var (a, b, theta) = Quadratic(seed: 1);
        var g = AD.Grad(t => QuadraticLoss(t, a, b), Tensor.FromArray(theta)).ToArray();

        var expected = Add(MatVec(a, theta), b);
        Reference.AssertClose(expected, g, 1e-12);
    }

    [Fact]
    public void Hvp_Quadratic_EqualsAV()
    {
        var (a, b, theta) = Quadratic(seed: 2);
        var v = Reference.Normal(new Rng(99), N);
        var hv = AD.Hvp(t => QuadraticLoss(t, a, b), Tensor.FromArray(theta), Tensor.FromArray(v)).ToArray();

        Reference.AssertClose(MatVec(a, v), hv, 1e-12);
    }

    [Fact]
    public void ValueGradHvp_Quadratic_AllThreeMatchClosedForm()
    {
        var (a, b, theta) = Quadratic(seed: 3);
        var v = Reference.Normal(new Rng(7), N);
        var (value, grad, hv) = AD.ValueGradHvp(t => QuadraticLoss(t, a, b), Tensor.FromArray(theta), Tensor.FromArray(v));

        var at = MatVec(a, theta);
        var expectedValue = (0.5 * Dot(theta, at)) + Dot(b, theta);
        Assert.Equal(expectedValue, value.Item(), 12);
        Reference.AssertClose(Add(at, b), grad.ToArray(), 1e-12);
        Reference.AssertClose(MatVec(a, v), hv.ToArray(), 1e-12);
    }

    [Fact]
    public void Hessian_Quadratic_EqualsA()
    {
        var (a, b, theta) = Quadratic(seed: 4);
        var h = AD.Hessian(t => QuadraticLoss(t, a, b), Tensor.FromArray(theta));

        Assert.Equal(new Shape(N, N), h.Shape);
        Reference.AssertClose(Flatten(a), h.ToArray(), 1e-12);
    }

    [Fact]
    public void Hessian_LogisticRegression_EqualsXtSXOverN()
    {
        var (x, y, w) = Logistic(seed: 5, n: 9, d: 4);
        var h = AD.Hessian(t => LogisticLoss(t, x, y), Tensor.FromArray(w));

        Reference.AssertClose(Flatten(LogisticHessian(x, w)), h.ToArray(), 1e-12);
    }

    [Fact]
    public void HvpAndGrad_LogisticRegression_MatchHandComputedFormulas()
    {
        var (x, y, w) = Logistic(seed: 6, n: 11, d: 5);
        var v = Reference.Normal(new Rng(8), 5);
        var (_, grad, hv) = AD.ValueGradHvp(t => LogisticLoss(t, x, y), Tensor.FromArray(w), Tensor.FromArray(v));

        // ∇L = Xᵀ(p − y)/N; H·v = XᵀS(Xv)/N.
        var n = x.GetLength(0);
        var d = x.GetLength(1);
        var p = Probabilities(x, w);
        var expectedGrad = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                expectedGrad[j] += x[i, j] * (p[i] - y[i]) / n;
            }
        }

        Reference.AssertClose(expectedGrad, grad.ToArray(), 1e-12);
        Reference.AssertClose(MatVec(LogisticHessian(x, w), v), hv.ToArray(), 1e-12);
    }

    private static Tensor QuadraticLoss(Tensor theta, double[,] a, double[] b)
    {
        var at = Ops.MatMul(Tensor.FromArray(a), theta);
        return Ops.Add(Ops.Mul(Ops.Dot(theta, at), 0.5), Ops.Dot(Tensor.FromArray(b), theta));
    }

    private static Tensor LogisticLoss(Tensor w, double[,] x, double[] y)
    {
        // Mean of softplus(z) − y·z, the logistic negative log-likelihood with z = Xw.
        var z = Ops.MatMul(Tensor.FromArray(x), w);
        return Ops.Mean(Ops.Sub(Ops.Softplus(z), Ops.Mul(Tensor.FromArray(y), z)));
    }

    private static (double[,] A, double[] B, double[] Theta) Quadratic(ulong seed)
    {
        // A = MᵀM + I is symmetric positive definite.
        var rng = new Rng(seed);
        var m = new double[N, N];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                m[i, j] = rng.Normal();
            }
        }

        var a = new double[N, N];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                var s = i == j ? 1.0 : 0.0;
                for (var k = 0; k < N; k++)
                {
                    s += m[k, i] * m[k, j];
                }

                a[i, j] = s;
            }
        }

        return (a, Reference.Normal(rng, N), Reference.Normal(rng, N));
    }

    private static (double[,] X, double[] Y, double[] W) Logistic(ulong seed, int n, int d)
    {
        var rng = new Rng(seed);
        var x = new double[n, d];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                x[i, j] = rng.Normal();
            }

            y[i] = rng.NextDouble() < 0.5 ? 0 : 1;
        }

        return (x, y, Reference.Normal(rng, d));
    }

    private static double[] Probabilities(double[,] x, double[] w)
    {
        var z = MatVec(x, w);
        return z.Select(zi => 1 / (1 + Math.Exp(-zi))).ToArray();
    }

    private static double[,] LogisticHessian(double[,] x, double[] w)
    {
        var n = x.GetLength(0);
        var d = x.GetLength(1);
        var p = Probabilities(x, w);
        var h = new double[d, d];
        for (var i = 0; i < n; i++)
        {
            var s = p[i] * (1 - p[i]) / n;
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < d; k++)
                {
                    h[j, k] += x[i, j] * s * x[i, k];
                }
            }
        }

        return h;
    }

    private static double[] MatVec(double[,] a, double[] v)
    {
        var r = new double[a.GetLength(0)];
        for (var i = 0; i < r.Length; i++)
        {
            for (var j = 0; j < v.Length; j++)
            {
                r[i] += a[i, j] * v[j];
            }
        }

        return r;
    }

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (p, q) => p + q).ToArray();

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    private static double[] Flatten(double[,] a) => a.Cast<double>().ToArray();
}
