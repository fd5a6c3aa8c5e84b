using AutoDiff.Nn;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>Loss values, derivatives, convexity in the outputs and argument validation.</summary>
public class LossTests
{
    private static FsCheck.Gen<(int N, int C, Reduction Reduction, int Seed)> Cases =>
        from n in Gen.Choose(1, 4)
        from c in Gen.Choose(2, 5)
        from r in Gen.Elements(Reduction.Mean, Reduction.Sum)
        from seed in NnCheck.Seed
        select (n, c, r, seed);

    [Fact]
    public void Mse_RandomShapes_DerivativesMatchFiniteDifferences()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            NnCheck.Function(xs => Losses.Mse(xs[0], xs[1], c.Reduction), [NnCheck.Randn(rng, c.N, c.C), NnCheck.Randn(rng, c.N, c.C)]);
        });

    [Fact]
    public void BinaryCrossEntropyWithLogits_RandomShapes_DerivativesMatchFiniteDifferences()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            var targets = Tensor.Rand(new Shape(c.N, c.C), rng, dtype: DType.Float64);
            NnCheck.Function(xs => Losses.BinaryCrossEntropyWithLogits(xs[0], xs[1], c.Reduction), [Ops.Mul(NnCheck.Randn(rng, c.N, c.C), 3.0), targets]);
        });

    [Fact]
    public void SoftmaxCrossEntropy_RandomShapes_DerivativesMatchFiniteDifferences()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            var labels = Enumerable.Range(0, c.N).Select(_ => rng.NextInt(c.C)).ToArray();
            NnCheck.Function(xs => Losses.SoftmaxCrossEntropy(xs[0], labels, c.Reduction), [Ops.Mul(NnCheck.Randn(rng, c.N, c.C), 3.0)]);
        });

    [Fact]
    public void Losses_HessianInOutputs_IsPositiveSemidefinite()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            var z = Ops.Mul(NnCheck.Randn(rng, c.N, c.C), 4.0);
            var target = NnCheck.Randn(rng, c.N, c.C);
            var probabilities = Tensor.Rand(new Shape(c.N, c.C), rng, dtype: DType.Float64);
            var labels = Enumerable.Range(0, c.N).Select(_ => rng.NextInt(c.C)).ToArray();
            Func<Tensor, Tensor>[] losses =
            [
                o => Losses.Mse(o, target, c.Reduction),
                o => Losses.BinaryCrossEntropyWithLogits(o, probabilities, c.Reduction),
                o => Losses.SoftmaxCrossEntropy(o, labels, c.Reduction),
            ];
            foreach (var loss in losses)
            {
                var h = AD.Hessian(loss, z);
                var n = z.Size;
                var matrix = new double[n, n];
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        matrix[i, j] = h.GetFlat((i * n) + j);
                    }
                }

                var smallest = JacobiEigenvalues(matrix).Min();
                Assert.True(smallest >= -1e-10, $"smallest Hessian eigenvalue {smallest}");
            }
        }, maxTest: 10);

    [Fact]
    public void Losses_SumReduction_IsMeanTimesTermCount()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            var z = Ops.Mul(NnCheck.Randn(rng, c.N, c.C), 3.0);
            var target = NnCheck.Randn(rng, c.N, c.C);
            var probabilities = Tensor.Rand(new Shape(c.N, c.C), rng, dtype: DType.Float64);
            var labels = Enumerable.Range(0, c.N).Select(_ => rng.NextInt(c.C)).ToArray();
            var terms = c.N * c.C;
            Assert.Equal(terms * Losses.Mse(z, target).Item(), Losses.Mse(z, target, Reduction.Sum).Item(), 9);
            Assert.Equal(
                terms * Losses.BinaryCrossEntropyWithLogits(z, probabilities).Item(),
                Losses.BinaryCrossEntropyWithLogits(z, probabilities, Reduction.Sum).Item(),
                9);
            Assert.Equal(c.N * Losses.SoftmaxCrossEntropy(z, labels).Item(), Losses.SoftmaxCrossEntropy(z, labels, Reduction.Sum).Item(), 9);
        }, maxTest: 10);

    [Fact]
    public void SoftmaxCrossEntropy_KnownValues_MatchPyTorch()
    {
        // torch.nn.functional.cross_entropy(torch.tensor([[1., 2., 3.], [1., 0., -1.]], dtype=torch.float64), torch.tensor([2, 1]))
        // row 0: log(e¹ + e² + e³) − 3 = 0.40760596444437; row 1: log(e + 1 + e⁻¹) − 0 = 1.40760596444437.
        var z = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 1, 0, -1 } });
        Assert.Equal(0.9076059644443802, Losses.SoftmaxCrossEntropy(z, [2, 1]).Item(), 12);
        Assert.Equal(1.8152119288887605, Losses.SoftmaxCrossEntropy(z, [2, 1], Reduction.Sum).Item(), 12);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_KnownValues_MatchPyTorch()
    {
        // torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor([2., -1.]), torch.tensor([1., 0.25]))
        // = mean over elements of −y·log σ(z) − (1 − y)·log(1 − σ(z)), written here in the probability form.
        static double Term(double z, double y) => -((y * Math.Log(1 / (1 + Math.Exp(-z)))) + ((1 - y) * Math.Log(1 - (1 / (1 + Math.Exp(-z))))));
        var loss = Losses.BinaryCrossEntropyWithLogits(Tensor.FromArray([2.0, -1.0]), Tensor.FromArray([1.0, 0.25])).Item();
        Assert.Equal((Term(2, 1) + Term(-1, 0.25)) / 2, loss, 12);
    }

    [Fact]
    public void HessianEigenvalueCheck_NonConvexFunction_FindsNegativeEigenvalue()
    {
        // The convexity property must be able to fail: −Σz² has Hessian −2I.
        var z = NnCheck.Randn(new Rng(1), 2, 3);
        var h = AD.Hessian(o => Ops.Neg(Ops.Sum(Ops.Mul(o, o))), z);
        var n = z.Size;
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                matrix[i, j] = h.GetFlat((i * n) + j);
            }
        }

        Assert.Equal(-2, JacobiEigenvalues(matrix).Min(), 10);
    }

    [Fact]
    public void Mse_KnownValues_MatchesFormula()
    {
        var p = Tensor.FromArray([1.0, 2.0, 3.0]);
        var t = Tensor.FromArray([1.0, 0.0, 6.0]);
        Assert.Equal(13.0 / 3, Losses.Mse(p, t).Item(), 12);
        Assert.Equal(13.0, Losses.Mse(p, t, Reduction.Sum).Item(), 12);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_ExtremeLogits_IsFiniteAndCorrect()
    {
        var z = Tensor.FromArray([1000.0, -1000.0, 0.0]);
        var y = Tensor.FromArray([0.0, 1.0, 1.0]);
        var loss = Losses.BinaryCrossEntropyWithLogits(z, y, Reduction.Sum).Item();
        Assert.Equal(2000 + Math.Log(2), loss, 9);

        var small = Tensor.FromArray([0.3f], new Shape(1));
        var one = Tensor.FromArray([1f], new Shape(1));
        Assert.Equal(-Math.Log(1 / (1 + Math.Exp(-0.3))), Losses.BinaryCrossEntropyWithLogits(small, one).Item(), 5);
    }

    [Fact]
    public void SoftmaxCrossEntropy_HugeLogits_IsStable()
    {
        var z = Tensor.FromArray(new double[,] { { 1000, 0, -1000 }, { 5, 5, 5 } });
        var loss = Losses.SoftmaxCrossEntropy(z, [1, 2], Reduction.Sum).Item();
        Assert.Equal(1000 + Math.Log(3), loss, 9);
        var f32 = Losses.SoftmaxCrossEntropy(z.To(DType.Float32), [0, 0]).Item();
        Assert.Equal(Math.Log(3) / 2, f32, 5);
    }

    [Fact]
    public void SoftmaxCrossEntropy_LabelOutOfRange_NamesLabelPositionAndClassCount()
    {
        var z = Tensor.Zeros(new Shape(3, 4), DType.Float64);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy(z, [0, 7, 1]));
        Assert.Contains("label 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 classes", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy(z, [0, -1, 1]));
    }

    [Fact]
    public void SoftmaxCrossEntropy_EmptyBatchOrNoClasses_ThrowsNamingTheLoss()
    {
        var empty = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(Tensor.Zeros(new Shape(0, 4)), []));
        Assert.Contains("SoftmaxCrossEntropy", empty.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 4]", empty.Message, StringComparison.Ordinal);
        var noClasses = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(Tensor.Zeros(new Shape(2, 0)), [0, 0]));
        Assert.Contains("SoftmaxCrossEntropy", noClasses.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Losses_MismatchedShapes_Throw()
    {
        var a = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        var b = Tensor.Zeros(new Shape(3, 2), DType.Float64);
        Assert.Throws<ArgumentException>(() => Losses.Mse(a, b));
        Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyWithLogits(a, a.To(DType.Float32)));
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(a, [0]));
    }

    /// <summary>All eigenvalues of a small symmetric matrix by cyclic Jacobi rotations.</summary>
    internal static double[] JacobiEigenvalues(double[,] input)
    {
        var n = input.GetLength(0);
        var a = (double[,])input.Clone();
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var cos = 1 / Math.Sqrt((t * t) + 1);
                    var sin = t * cos;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (cos * akp) - (sin * akq);
                        a[k, q] = (sin * akp) + (cos * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (cos * apk) - (sin * aqk);
                        a[q, k] = (sin * apk) + (cos * aqk);
                    }
                }
            }
        }

        return Enumerable.Range(0, n).Select(i => a[i, i]).ToArray();
    }

    [Fact]
    public void JacobiEigenvalues_KnownMatrix_FindsEigenvalues()
    {
        var e = JacobiEigenvalues(new double[,] { { 2, 1, 0 }, { 1, 2, 0 }, { 0, 0, -1 } }).Order().ToArray();
        Assert.Equal(-1, e[0], 10);
        Assert.Equal(1, e[1], 10);
        Assert.Equal(3, e[2], 10);
    }
}
