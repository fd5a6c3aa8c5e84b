using AutoDiff.Bench.Demo;
using AutoDiff.Data;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Suite;

/// <summary>
/// The suite's problems: ill-conditioned quadratics (κ = 10, 10³, 10⁵, axis-aligned and rotated), Rosenbrock (2-D
/// and 100-D), logistic and softmax regression and an MLP on Fashion-MNIST, and two badly scaled regressions.
/// </summary>
public static class SuiteProblems
{
    /// <summary>Every problem name, in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "quadratic-k10", "quadratic-k10-rotated", "quadratic-k1e3", "quadratic-k1e3-rotated", "quadratic-k1e5", "quadratic-k1e5-rotated",
        "rosenbrock-2d", "rosenbrock-100d",
        "logistic-fmnist", "softmax-fmnist", "mlp-fmnist",
        "regression-scales", "regression-offset",
    ];

    /// <summary>The problems in <paramref name="selected"/> (all when empty); Fashion-MNIST ones load lazily from <paramref name="dataDirectory"/>.</summary>
    public static List<SuiteProblem> Create(IReadOnlyCollection<string> selected, bool quick, string? dataDirectory, ulong seed)
    {
        var wanted = selected.Count == 0 ? Names : Names.Where(n => selected.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        var steps = quick ? 200 : 1000;
        var dataSteps = quick ? 100 : 400;
        var fashion = new Lazy<FashionMnistData>(() => FashionMnist.Load(dataDirectory));
        var problems = new List<SuiteProblem>();
        foreach (var name in wanted)
        {
            problems.Add(name switch
            {
                "quadratic-k10" => Quadratic(name, 10, rotated: false, steps, seed),
                "quadratic-k10-rotated" => Quadratic(name, 10, rotated: true, steps, seed),
                "quadratic-k1e3" => Quadratic(name, 1e3, rotated: false, steps, seed),
                "quadratic-k1e3-rotated" => Quadratic(name, 1e3, rotated: true, steps, seed),
                "quadratic-k1e5" => Quadratic(name, 1e5, rotated: false, steps, seed),
                "quadratic-k1e5-rotated" => Quadratic(name, 1e5, rotated: true, steps, seed),
                "rosenbrock-2d" => Rosenbrock(name, 2, steps),
                "rosenbrock-100d" => Rosenbrock(name, 100, steps),
                "logistic-fmnist" => Logistic(fashion, quick, dataSteps),
                "softmax-fmnist" => Softmax(fashion, quick, dataSteps),
                "mlp-fmnist" => MlpProblem(fashion, quick, dataSteps, seed),
                "regression-scales" => Regression(name, "features x₁ = 1000·z₁ and x₂ = 0.001·z₂ (curvatures ~10¹² apart), unnormalised", SyntheticData.BadlyScaledRegression(500, seed), steps),
                _ => Regression(name, "features centred at 1,000 (xⱼ = 1000 + zⱼ), unnormalised", SyntheticData.OffsetRegression(500, seed, offset: 1000), steps),
            });
        }

        return problems;
    }

    private static SuiteProblem Quadratic(string name, double kappa, bool rotated, int steps, ulong seed)
    {
        const int d = 50;
        var lambda = Enumerable.Range(0, d).Select(i => Math.Pow(kappa, (double)i / (d - 1))).ToArray();
        Tensor Start() => Tensor.Randn(new Shape(d), seed: seed + 11, DType.Float64);
        if (!rotated)
        {
            var l = Tensor.FromArray(lambda);
            return new SuiteProblem
            {
                Name = name,
                Description = $"f(θ) = ½ Σ λᵢ θᵢ², d = {d}, λ log-spaced in [1, {kappa:G3}] (κ = {kappa:G3}), axis-aligned",
                Initial = Start,
                StepLoss = (t, _) => Half(Ops.Sum(Ops.Mul(l, Ops.Square(t)))),
                FullLoss = t => Half(Ops.Sum(Ops.Mul(l, Ops.Square(t)))),
                Optimum = 0,
                Steps = steps,
            };
        }

        // A = Qᵀ diag(λ) Q with Q a seeded random rotation: the same spectrum, no longer aligned with the coordinates.
        var q = RandomRotation(d, seed + 13);
        var a = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < d; k++)
                {
                    sum += q[(k * d) + i] * lambda[k] * q[(k * d) + j];
                }

                a[(i * d) + j] = sum;
            }
        }

        var matrix = Tensor.FromArray(a, new Shape(d, d));
        Tensor F(Tensor t) => Half(Ops.Dot(t, Ops.Reshape(Ops.MatMul(matrix, Ops.Reshape(t, d, 1)), d)));
        return new SuiteProblem
        {
            Name = name,
            Description = $"f(θ) = ½ θᵀQᵀΛQθ, d = {d}, λ log-spaced in [1, {kappa:G3}] (κ = {kappa:G3}), randomly rotated",
            Initial = Start,
            StepLoss = (t, _) => F(t),
            FullLoss = F,
            Optimum = 0,
            Steps = steps,
        };
    }

    private static SuiteProblem Rosenbrock(string name, int n, int steps)
    {
        Tensor F(Tensor t)
        {
            var a = Ops.Slice(t, 0, 0, n - 1);
            var b = Ops.Slice(t, 0, 1, n - 1);
            return Ops.Sum(Ops.Add(Ops.Mul(Ops.Square(Ops.Sub(b, Ops.Square(a))), 100.0), Ops.Square(Ops.Sub(1.0, a))));
        }

        return new SuiteProblem
        {
            Name = name,
            Description = $"Rosenbrock Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², n = {n}, from (−1.2, 1, −1.2, 1, …); minimum 0 at (1, …, 1)",
            Initial = () => Tensor.FromArray(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray()),
            StepLoss = (t, _) => F(t),
            FullLoss = F,
            Optimum = 0,
            Steps = steps,
        };
    }

    private static (Tensor X, int[] Labels, Tensor[] Batches, int[][] BatchLabels) FashionSubset(Lazy<FashionMnistData> fashion, bool quick, Func<int, bool>? keep = null)
    {
        var data = fashion.Value.Train;
        var count = quick ? 2000 : 10000;
        var indices = Enumerable.Range(0, data.Count).Where(i => keep?.Invoke(data.Labels[i]) ?? true).Take(count).ToArray();
        var pixels = new float[indices.Length * data.PixelsPerImage];
        for (var i = 0; i < indices.Length; i++)
        {
            data.GetImage(indices[i]).CopyTo(pixels.AsSpan(i * data.PixelsPerImage));
        }

        var labels = indices.Select(i => data.Labels[i]).ToArray();
        var x = Tensor.FromArray(pixels, new Shape(indices.Length, data.PixelsPerImage));
        const int batch = 128;
        var batches = new List<Tensor>();
        var batchLabels = new List<int[]>();
        for (var start = 0; start + batch <= indices.Length; start += batch)
        {
            batches.Add(Tensor.FromArray(pixels.AsSpan(start * data.PixelsPerImage, batch * data.PixelsPerImage).ToArray(), new Shape(batch, data.PixelsPerImage)));
            batchLabels.Add(labels.AsSpan(start, batch).ToArray());
        }

        return (x, labels, batches.ToArray(), batchLabels.ToArray());
    }

    private static SuiteProblem Logistic(Lazy<FashionMnistData> fashion, bool quick, int steps)
    {
        // T-shirt/top (0) against shirt (6): a convex problem that is not separable.
        var subset = new Lazy<(Tensor X, int[] Labels, Tensor[] Batches, int[][] BatchLabels)>(() => FashionSubset(fashion, quick, l => l is 0 or 6));
        Tensor Targets(int[] labels) => Tensor.FromArray(labels.Select(l => l == 6 ? 1f : 0f).ToArray(), new Shape(labels.Length));
        var full = new Lazy<Tensor>(() => Targets(subset.Value.Labels));
        var batchTargets = new Lazy<Tensor[]>(() => subset.Value.BatchLabels.Select(Targets).ToArray());
        Tensor F(Tensor t, Tensor x, Tensor y) => Losses.BinaryCrossEntropyWithLogits(Ops.Add(Ops.Reshape(Ops.MatMul(x, Ops.Reshape(Ops.Slice(t, 0, 0, 784), 784, 1)), x.Shape[0]), Ops.Slice(t, 0, 784, 1)), y);
        return new SuiteProblem
        {
            Name = "logistic-fmnist",
            Description = $"logistic regression, T-shirt vs shirt, {(quick ? "2,000" : "10,000")} Fashion-MNIST images at most, batches of 128 (convex)",
            Initial = () => Tensor.Zeros(new Shape(785), DType.Float32),
            StepLoss = (t, s) => F(t, subset.Value.Batches[s % subset.Value.Batches.Length], batchTargets.Value[s % subset.Value.Batches.Length]),
            FullLoss = t => F(t, subset.Value.X, full.Value),
            Steps = steps,
            EvaluateEvery = 5,
            NeedsFashionMnist = true,
        };
    }

    private static SuiteProblem Softmax(Lazy<FashionMnistData> fashion, bool quick, int steps)
    {
        var subset = new Lazy<(Tensor X, int[] Labels, Tensor[] Batches, int[][] BatchLabels)>(() => FashionSubset(fashion, quick));
        Tensor F(Tensor t, Tensor x, int[] y) => Losses.SoftmaxCrossEntropy(Ops.Add(Ops.MatMul(x, Ops.Reshape(Ops.Slice(t, 0, 0, 7840), 784, 10)), Ops.Slice(t, 0, 7840, 10)), y);
        return new SuiteProblem
        {
            Name = "softmax-fmnist",
            Description = $"softmax regression, 10 classes, the first {(quick ? "2,000" : "10,000")} Fashion-MNIST images, batches of 128 (convex)",
            Initial = () => Tensor.Zeros(new Shape(7850), DType.Float32),
            StepLoss = (t, s) => F(t, subset.Value.Batches[s % subset.Value.Batches.Length], subset.Value.BatchLabels[s % subset.Value.Batches.Length]),
            FullLoss = t => F(t, subset.Value.X, subset.Value.Labels),
            Steps = steps,
            EvaluateEvery = 5,
            NeedsFashionMnist = true,
        };
    }

    private static SuiteProblem MlpProblem(Lazy<FashionMnistData> fashion, bool quick, int steps, ulong seed)
    {
        var subset = new Lazy<(Tensor X, int[] Labels, Tensor[] Batches, int[][] BatchLabels)>(() => FashionSubset(fashion, quick));
        var mlp = new FlatMlp(784, 32, 10);
        Tensor F(Tensor t, Tensor x, int[] y) => Losses.SoftmaxCrossEntropy(mlp.Forward(t, x), y);
        return new SuiteProblem
        {
            Name = "mlp-fmnist",
            Description = $"MLP 784-32-10 (tanh), the first {(quick ? "2,000" : "10,000")} Fashion-MNIST images, batches of 128 (non-convex)",
            Initial = () => mlp.Initial(seed, DType.Float32),
            StepLoss = (t, s) => F(t, subset.Value.Batches[s % subset.Value.Batches.Length], subset.Value.BatchLabels[s % subset.Value.Batches.Length]),
            FullLoss = t => F(t, subset.Value.X, subset.Value.Labels),
            Steps = steps,
            EvaluateEvery = 5,
            NeedsFashionMnist = true,
        };
    }

    private static SuiteProblem Regression(string name, string what, Dataset data, int steps)
    {
        var d = data.FeatureCount;
        var x = Tensor.FromArray(data.Features, new Shape(data.Count, d));
        var y = Tensor.FromArray(data.Targets!, new Shape(data.Count));
        Tensor F(Tensor t) => Ops.Mean(Ops.Square(Ops.Sub(Ops.Add(Ops.Reshape(Ops.MatMul(x, Ops.Reshape(Ops.Slice(t, 0, 0, d), d, 1)), data.Count), Ops.Slice(t, 0, d, 1)), y)));
        return new SuiteProblem
        {
            Name = name,
            Description = $"least-squares linear regression, {data.Count} points, {what}; full batch",
            Initial = () => Tensor.Zeros(new Shape(d + 1), DType.Float64),
            StepLoss = (t, _) => F(t),
            FullLoss = F,
            Optimum = LeastSquaresMinimum(data),
            Steps = steps,
        };
    }

    /// <summary>The minimum mean squared error of an affine fit, from the normal equations (solved in float64 by Gaussian elimination with pivoting).</summary>
    private static double LeastSquaresMinimum(Dataset data)
    {
        var d = data.FeatureCount + 1;
        var m = new double[d, d + 1];
        for (var r = 0; r < data.Count; r++)
        {
            var row = data.GetRow(r).ToArray().Append(1.0).ToArray();
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    m[i, j] += row[i] * row[j];
                }

                m[i, d] += row[i] * data.Targets![r];
            }
        }

        for (var c = 0; c < d; c++)
        {
            var pivot = Enumerable.Range(c, d - c).MaxBy(r => Math.Abs(m[r, c]));
            for (var j = 0; j <= d; j++)
            {
                (m[c, j], m[pivot, j]) = (m[pivot, j], m[c, j]);
            }

            for (var r = 0; r < d; r++)
            {
                if (r != c)
                {
                    var f = m[r, c] / m[c, c];
                    for (var j = c; j <= d; j++)
                    {
                        m[r, j] -= f * m[c, j];
                    }
                }
            }
        }

        var w = Enumerable.Range(0, d).Select(i => m[i, d] / m[i, i]).ToArray();
        var sum = 0.0;
        for (var r = 0; r < data.Count; r++)
        {
            var row = data.GetRow(r);
            var prediction = w[d - 1];
            for (var i = 0; i < d - 1; i++)
            {
                prediction += w[i] * row[i];
            }

            var e = prediction - data.Targets![r];
            sum += e * e;
        }

        return sum / data.Count;
    }

    /// <summary>A seeded random orthogonal matrix (row-major), by Gram-Schmidt on a Gaussian matrix.</summary>
    private static double[] RandomRotation(int d, ulong seed)
    {
        var rng = new Rng(seed);
        var q = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            var row = q.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                row[j] = rng.Normal();
            }

            for (var pass = 0; pass < 2; pass++)
            {
                for (var k = 0; k < i; k++)
                {
                    var prev = q.AsSpan(k * d, d);
                    var dot = 0.0;
                    for (var j = 0; j < d; j++)
                    {
                        dot += row[j] * prev[j];
                    }

                    for (var j = 0; j < d; j++)
                    {
                        row[j] -= dot * prev[j];
                    }
                }
            }

            var norm = Math.Sqrt(row.ToArray().Sum(v => v * v));
            for (var j = 0; j < d; j++)
            {
                row[j] /= norm;
            }
        }

        return q;
    }

    private static Tensor Half(Tensor x) => Ops.Mul(x, 0.5);
}
