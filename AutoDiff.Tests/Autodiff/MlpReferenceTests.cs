using AutoDiff.Nn;

namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// A 5-7-6-3 MLP with softmax cross-entropy (float64): AD.Grad and AD.Hvp against an independent implementation
/// written here in plain double loops, with a hand-written backward pass for the gradient and Pearlmutter's
/// R-operator (the forward and backward pass differentiated in the direction V) for H·V.
/// Parameters are packed as θ = [W1 (5×7), b1, W2 (7×6), b2, W3 (6×3), b3] with layers h ↦ σ(hW + b).
/// </summary>
public sealed class MlpReferenceTests
{
    private static readonly int[] Sizes = [5, 7, 6, 3];
    private const int Batch = 4;

    [Theory]
    [InlineData("tanh")]
    [InlineData("softplus")]
    public void Grad_Mlp_MatchesHandWrittenBackprop(string activation)
    {
        var (x, labels, theta, _) = Problem(activation == "tanh" ? 11UL : 12UL);
        var act = Activation.Named(activation);

        var g = AD.Grad(t => Loss(t, x, labels, act), Tensor.FromArray(theta)).ToArray();

        var (expected, _) = HandWritten(theta, new double[theta.Length], x, labels, act);
        Reference.AssertClose(expected, g, 1e-9);
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("softplus")]
    public void Hvp_Mlp_MatchesPearlmutterROperator(string activation)
    {
        var (x, labels, theta, v) = Problem(activation == "tanh" ? 21UL : 22UL);
        var act = Activation.Named(activation);

        var (_, g, hv) = AD.ValueGradHvp(t => Loss(t, x, labels, act), Tensor.FromArray(theta), Tensor.FromArray(v));

        var (expectedGrad, expectedHv) = HandWritten(theta, v, x, labels, act);
        Reference.AssertClose(expectedGrad, g.ToArray(), 1e-9);
        Reference.AssertClose(expectedHv, hv.ToArray(), 1e-9);
    }

    [Fact]
    public void ROperator_Reference_AgreesWithCentralDifferencesOfItsOwnGradient()
    {
        // Guards the reference itself: H·v by the R-operator ≈ (∇(θ + εv) − ∇(θ − εv)) / 2ε of the hand-written gradient.
        var (x, labels, theta, v) = Problem(31);
        var act = Activation.Named("tanh");
        const double eps = 1e-5;
        var plus = theta.Zip(v, (t, d) => t + (eps * d)).ToArray();
        var minus = theta.Zip(v, (t, d) => t - (eps * d)).ToArray();
        var zero = new double[theta.Length];

        var fd = HandWritten(plus, zero, x, labels, act).Grad
            .Zip(HandWritten(minus, zero, x, labels, act).Grad, (p, m) => (p - m) / (2 * eps)).ToArray();

        Reference.AssertClose(fd, HandWritten(theta, v, x, labels, act).Hv, 1e-6);
    }

    private static Tensor Loss(Tensor theta, double[,] x, int[] labels, Activation act)
    {
        var h = Tensor.FromArray(x);
        var at = 0;
        for (var l = 0; l < Sizes.Length - 1; l++)
        {
            var w = Ops.Reshape(Ops.Slice(theta, 0, at, Sizes[l] * Sizes[l + 1]), Sizes[l], Sizes[l + 1]);
            at += Sizes[l] * Sizes[l + 1];
            var b = Ops.Slice(theta, 0, at, Sizes[l + 1]);
            at += Sizes[l + 1];
            h = Ops.Add(Ops.MatMul(h, w), b);
            if (l < Sizes.Length - 2)
            {
                h = act.Op(h);
            }
        }

        return Losses.SoftmaxCrossEntropy(h, labels);
    }

    /// <summary>The gradient (manual backprop) and H·v (R-operator) of the mean softmax cross-entropy at θ.</summary>
    private static (double[] Grad, double[] Hv) HandWritten(double[] theta, double[] v, double[,] x, int[] labels, Activation act)
    {
        var layers = Sizes.Length - 1;
        var w = new double[layers][,];
        var b = new double[layers][];
        var vw = new double[layers][,];
        var vb = new double[layers][];
        var at = 0;
        for (var l = 0; l < layers; l++)
        {
            w[l] = Matrix(theta, at, Sizes[l], Sizes[l + 1]);
            vw[l] = Matrix(v, at, Sizes[l], Sizes[l + 1]);
            at += Sizes[l] * Sizes[l + 1];
            b[l] = theta[at..(at + Sizes[l + 1])];
            vb[l] = v[at..(at + Sizes[l + 1])];
            at += Sizes[l + 1];
        }

        // Forward, and its R-pass: R(a) = R(h_in)·W + h_in·V_W + V_b, R(h) = σ′(a) ⊙ R(a).
        var h = new double[layers + 1][,];
        var rh = new double[layers + 1][,];
        var a = new double[layers][,];
        var ra = new double[layers][,];
        h[0] = x;
        rh[0] = new double[x.GetLength(0), x.GetLength(1)];
        for (var l = 0; l < layers; l++)
        {
            a[l] = AddRow(MatMul(h[l], w[l]), b[l]);
            ra[l] = AddRow(Plus(MatMul(rh[l], w[l]), MatMul(h[l], vw[l])), vb[l]);
            var last = l == layers - 1;
            h[l + 1] = last ? a[l] : Map(a[l], act.F);
            rh[l + 1] = last ? ra[l] : Times(Map(a[l], act.D1), ra[l]);
        }

        // Softmax cross-entropy: dz = (p − onehot)/N; R(dz) = R(p)/N with R(p) = p ⊙ (R(z) − Σₖ pₖR(z)ₖ).
        var z = h[layers];
        var rz = rh[layers];
        var n = z.GetLength(0);
        var c = z.GetLength(1);
        var dz = new double[n, c];
        var rdz = new double[n, c];
        for (var i = 0; i < n; i++)
        {
            var max = double.NegativeInfinity;
            for (var k = 0; k < c; k++)
            {
                max = Math.Max(max, z[i, k]);
            }

            var p = new double[c];
            var sum = 0.0;
            for (var k = 0; k < c; k++)
            {
                p[k] = Math.Exp(z[i, k] - max);
                sum += p[k];
            }

            var mean = 0.0;
            for (var k = 0; k < c; k++)
            {
                p[k] /= sum;
                mean += p[k] * rz[i, k];
            }

            for (var k = 0; k < c; k++)
            {
                dz[i, k] = (p[k] - (k == labels[i] ? 1 : 0)) / n;
                rdz[i, k] = p[k] * (rz[i, k] - mean) / n;
            }
        }

        // Backward, and its R-pass.
        var grad = new double[theta.Length];
        var hv = new double[theta.Length];
        var da = dz;
        var rda = rdz;
        at = theta.Length;
        for (var l = layers - 1; l >= 0; l--)
        {
            at -= Sizes[l + 1];
            Put(grad, at, ColumnSums(da));
            Put(hv, at, ColumnSums(rda));
            at -= Sizes[l] * Sizes[l + 1];
            Put(grad, at, MatMulTA(h[l], da));
            Put(hv, at, Plus(MatMulTA(rh[l], da), MatMulTA(h[l], rda)));
            if (l == 0)
            {
                break;
            }

            var dh = MatMulTB(da, w[l]);
            var rdh = Plus(MatMulTB(rda, w[l]), MatMulTB(da, vw[l]));
            var d1 = Map(a[l - 1], act.D1);
            var d2 = Map(a[l - 1], act.D2);
            da = Times(dh, d1);
            rda = Plus(Times(rdh, d1), Times(Times(dh, d2), ra[l - 1]));
        }

        return (grad, hv);
    }

    private static (double[,] X, int[] Labels, double[] Theta, double[] V) Problem(ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[Batch, Sizes[0]];
        for (var i = 0; i < Batch; i++)
        {
            for (var j = 0; j < Sizes[0]; j++)
            {
                x[i, j] = rng.Normal();
            }
        }

        var labels = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(Sizes[^1])).ToArray();
        var count = 0;
        for (var l = 0; l < Sizes.Length - 1; l++)
        {
            count += (Sizes[l] + 1) * Sizes[l + 1];
        }

        var theta = Reference.Normal(rng, count).Select(t => 0.7 * t).ToArray();
        return (x, labels, theta, Reference.Normal(rng, count));
    }

    private static double[,] Matrix(double[] flat, int at, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                m[i, j] = flat[at + (i * cols) + j];
            }
        }

        return m;
    }

    private static void Put(double[] flat, int at, double[,] m)
    {
        var k = at;
        foreach (var e in m)
        {
            flat[k++] = e;
        }
    }

    private static void Put(double[] flat, int at, double[] values) => values.CopyTo(flat, at);

    private static double[,] MatMul(double[,] a, double[,] b) => Product(a, b, transA: false, transB: false);

    private static double[,] MatMulTA(double[,] a, double[,] b) => Product(a, b, transA: true, transB: false);

    private static double[,] MatMulTB(double[,] a, double[,] b) => Product(a, b, transA: false, transB: true);

    private static double[,] Product(double[,] a, double[,] b, bool transA, bool transB)
    {
        var m = transA ? a.GetLength(1) : a.GetLength(0);
        var k = transA ? a.GetLength(0) : a.GetLength(1);
        var n = transB ? b.GetLength(0) : b.GetLength(1);
        var r = new double[m, n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var p = 0; p < k; p++)
                {
                    s += (transA ? a[p, i] : a[i, p]) * (transB ? b[j, p] : b[p, j]);
                }

                r[i, j] = s;
            }
        }

        return r;
    }

    private static double[,] Zip(double[,] a, double[,] b, Func<double, double, double> f)
    {
        var r = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                r[i, j] = f(a[i, j], b[i, j]);
            }
        }

        return r;
    }

    private static double[,] Plus(double[,] a, double[,] b) => Zip(a, b, (p, q) => p + q);

    private static double[,] Times(double[,] a, double[,] b) => Zip(a, b, (p, q) => p * q);

    private static double[,] Map(double[,] a, Func<double, double> f) => Zip(a, a, (p, _) => f(p));

    private static double[,] AddRow(double[,] a, double[] row)
    {
        var r = (double[,])a.Clone();
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < row.Length; j++)
            {
                r[i, j] += row[j];
            }
        }

        return r;
    }

    private static double[] ColumnSums(double[,] a)
    {
        var r = new double[a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < r.Length; j++)
            {
                r[j] += a[i, j];
            }
        }

        return r;
    }

    /// <summary>An activation σ with its first and second derivatives, and the op under test.</summary>
    private sealed record Activation(Func<double, double> F, Func<double, double> D1, Func<double, double> D2, Func<Tensor, Tensor> Op)
    {
        public static Activation Named(string name) => name switch
        {
            "tanh" => new(
                Math.Tanh,
                a => 1 - (Math.Tanh(a) * Math.Tanh(a)),
                a => -2 * Math.Tanh(a) * (1 - (Math.Tanh(a) * Math.Tanh(a))),
                Ops.Tanh),
            "softplus" => new(
                a => Math.Log(1 + Math.Exp(a)),
                Sigmoid,
                a => Sigmoid(a) * (1 - Sigmoid(a)),
                Ops.Softplus),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown activation"),
        };

        private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));
    }
}
