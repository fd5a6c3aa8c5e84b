using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Tests.Linalg;

public sealed class SubsetCurvatureOperatorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GaussNewton_EqualsDenseJacobianTransposeLossHessianJacobian(bool crossEntropy)
    {
        var model = Mlp.Create([3, 4, 3], Activation.Tanh, dtype: DType.Float64, rng: new Rng(1));
        var x = Tensor.Randn(new Shape(5, 3), seed: 2, DType.Float64);
        var labels = new[] { 0, 2, 1, 1, 0 };
        var targets = Tensor.Randn(new Shape(5, 3), seed: 3, DType.Float64);
        var op = crossEntropy ? ModelCurvature.GaussNewton(model, x, labels, batchSize: 2) : ModelCurvature.GaussNewton(model, x, targets, batchSize: 2);
        var loss = crossEntropy ? OutputLoss.SoftmaxCrossEntropy(labels) : OutputLoss.MeanSquaredError(targets);

        // J: outputs (15) by parameters (P), by forward mode; H_loss: 15×15 by AD.Hessian of the loss of the outputs.
        var theta = Flatten(model);
        var p = theta.Size;
        var j = AD.Jacobian(t => Ops.Reshape(WithParameters(model, t, () => model.Forward(x)), 15), theta);
        var z = Ops.Reshape(model.Forward(x).Detach(), 15).Clone();
        var h = AD.Hessian(zz => loss.Value(Ops.Reshape(zz, 5, 3)), z);
        var g = new double[p, p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                var s = 0.0;
                for (var u = 0; u < 15; u++)
                {
                    for (var w = 0; w < 15; w++)
                    {
                        s += j[u, a] * h[u, w] * j[w, b];
                    }
                }

                g[a, b] = s;
            }
        }

        var column = new double[p];
        for (var b = 0; b < p; b++)
        {
            var e = new double[p];
            e[b] = 1;
            op.Apply(e, column);
            for (var a = 0; a < p; a++)
            {
                Assert.Equal(g[a, b], column[a], 12);
            }
        }

        // Positive semi-definite.
        var bottom = Lanczos.Extremes(op, 0, 1).Smallest[0];
        Assert.True(bottom.Value > -1e-12, $"λmin(G) = {bottom.Value}");
    }

    [Fact]
    public void Hessian_SmallNetwork_MatchesDenseHessianAndLanczosMatchesDenseSolver()
    {
        var model = Mlp.Create([4, 6, 3], Activation.Tanh, dtype: DType.Float64, rng: new Rng(4));
        var x = Tensor.Randn(new Shape(9, 4), seed: 5, DType.Float64);
        var labels = new[] { 0, 1, 2, 2, 1, 0, 0, 1, 2 };
        var op = ModelCurvature.Hessian(model, x, labels, batchSize: 4);
        var theta = Flatten(model);
        var p = theta.Size;
        var dense = AD.Hessian(t => WithParameters(model, t, () => Losses.SoftmaxCrossEntropy(model.Forward(x), labels)), theta);
        var matrix = new double[p * p];
        var column = new double[p];
        for (var b = 0; b < p; b++)
        {
            var e = new double[p];
            e[b] = 1;
            op.Apply(e, column);
            for (var a = 0; a < p; a++)
            {
                Assert.Equal(dense[a, b], column[a], 12);
                matrix[(a * p) + b] = column[a];
            }
        }

        var values = new DenseSymmetricOperator(matrix, p, symmetrize: true).Eigen(computeVectors: false).Values;
        var result = Lanczos.Extremes(op, 3, 3, new LanczosOptions { Seed = 6 });
        Assert.True(result.Converged);
        var scale = Math.Max(Math.Abs(values[0]), values[^1]);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(values[^(i + 1)] - result.Largest[i].Value) <= 1e-10 * scale, $"top {i}: {result.Largest[i].Value:R} vs {values[^(i + 1)]:R}");
            Assert.True(Math.Abs(values[i] - result.Smallest[i].Value) <= 1e-10 * scale, $"bottom {i}: {result.Smallest[i].Value:R} vs {values[i]:R}");
        }
    }

    [Fact]
    public void Apply_BatchNormModelInTrainingMode_UsesEvalModeAndDoesNotDependOnBatchSize()
    {
        var model = Mlp.Create([3, 5, 2], Activation.Tanh, batchNorm: true, dtype: DType.Float64, rng: new Rng(7));
        var x = Tensor.Randn(new Shape(7, 3), seed: 8, DType.Float64);
        var labels = new[] { 0, 1, 1, 0, 1, 0, 0 };
        var small = ModelCurvature.Hessian(model, x, labels, batchSize: 2);
        var whole = ModelCurvature.Hessian(model, x, labels, batchSize: 7);
        var v = Enumerable.Range(0, small.Dimension).Select(i => Math.Cos(i)).ToArray();
        var a = new double[v.Length];
        var b = new double[v.Length];
        small.Apply(v, a);
        whole.Apply(v, b);
        for (var i = 0; i < v.Length; i++)
        {
            Assert.Equal(b[i], a[i], 13);
        }

        Assert.True(model.IsTraining);
        Assert.All(model.Parameters(), t => Assert.Null(t.Grad));
    }

    [Fact]
    public void ValueAndGradient_MatchesWholeBatchGradientAndLeavesGradsAlone()
    {
        var model = Mlp.Create([3, 4, 2], Activation.Tanh, dtype: DType.Float64, rng: new Rng(9));
        var x = Tensor.Randn(new Shape(5, 3), seed: 10, DType.Float64);
        var labels = new[] { 0, 1, 1, 0, 1 };
        var op = ModelCurvature.Hessian(model, x, labels, batchSize: 2);
        var gradient = new double[op.Dimension];
        var value = op.ValueAndGradient(gradient);
        var theta = Flatten(model);
        var (expectedValue, expected) = AD.ValueAndGrad(t => WithParameters(model, t, () => Losses.SoftmaxCrossEntropy(model.Forward(x), labels)), theta);
        Assert.Equal(expectedValue.Item(), value, 13);
        Assert.Equal(expectedValue.Item(), op.Value(), 13);
        for (var i = 0; i < gradient.Length; i++)
        {
            Assert.Equal(expected.GetFlat(i), gradient[i], 13);
        }

        Assert.All(model.Parameters(), t => Assert.Null(t.Grad));
    }

    internal static Tensor Flatten(Module model)
        => Ops.Concat(model.Parameters().Select(t => Ops.Reshape(t.Detach(), t.Size)).ToArray()).Clone();

    /// <summary>Runs <paramref name="body"/> with the model's parameters replaced by slices of the flat <paramref name="theta"/>.</summary>
    internal static Tensor WithParameters(Module model, Tensor theta, Func<Tensor> body)
    {
        var parts = new List<Tensor>();
        var at = 0;
        foreach (var t in model.Parameters())
        {
            parts.Add(Ops.Reshape(Ops.Slice(theta, 0, at, t.Size), t.Shape));
            at += t.Size;
        }

        using (model.UseParameters(parts))
        {
            return body();
        }
    }
}
