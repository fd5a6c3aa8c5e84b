using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim.SecondOrder;

public sealed class HessianFreeTests
{
    [Fact]
    public void Step_GaussNewton_LowersMlpTrainingLossFasterPerEpochThanSgd()
    {
        var (x, labels) = Spirals(240, seed: 1);
        var hfModel = Mlp.Create([2, 16, 16, 3], Activation.Tanh, dtype: DType.Float64, rng: new Rng(2));
        var sgdModel = Mlp.Create([2, 16, 16, 3], Activation.Tanh, dtype: DType.Float64, rng: new Rng(2));
        var hf = new HessianFree(hfModel.Parameters(), damping: 1.0, maxCgIterations: 50);
        var sgd = new Sgd(sgdModel.Parameters(), lr: 0.1, momentum: 0.9);
        var start = Loss(hfModel, x, labels);
        const int epochs = 8;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            // One full-batch HF step per epoch; SGD takes 12 mini-batch steps of 20 per epoch.
            hf.Step(() => hfModel.Forward(x), OutputLoss.SoftmaxCrossEntropy(labels));
            for (var b = 0; b < 12; b++)
            {
                var xb = Ops.Slice(x, 0, b * 20, 20);
                using var tape = Tape.Record();
                var loss = Losses.SoftmaxCrossEntropy(sgdModel.Forward(xb), labels[(b * 20)..((b + 1) * 20)]);
                loss.Backward();
                sgd.Step();
                sgd.ZeroGrad();
            }
        }

        var hfLoss = Loss(hfModel, x, labels);
        var sgdLoss = Loss(sgdModel, x, labels);
        Assert.True(hfLoss < sgdLoss, $"after {epochs} epochs: HF {hfLoss:F4}, SGD {sgdLoss:F4} (start {start:F4})");
        Assert.True(hfLoss < 0.8 * start);
        Assert.Equal(epochs, hf.StepCount);
    }

    [Fact]
    public void Step_HessianCurvatureOnConvexQuadratic_ConvergesAndAdaptsDamping()
    {
        var a = Tensor.FromArray(new double[,] { { 4, 1 }, { 1, 3 } });
        var bVec = Tensor.FromArray([1.0, 2.0], new Shape(2));
        var theta = Tensor.Zeros(new Shape(2), DType.Float64);
        theta.RequiresGrad = true;
        Tensor F() => Ops.Sub(Ops.Mul(Ops.Dot(theta, Ops.MatMul(a, theta)), 0.5), Ops.Dot(bVec, theta));
        var hf = new HessianFree([theta], damping: 10);
        for (var k = 0; k < 30; k++)
        {
            hf.Step(F);
        }

        // A⁻¹b = [1/11, 7/11].
        Assert.Equal(1.0 / 11, theta.GetFlat(0), 6);
        Assert.Equal(7.0 / 11, theta.GetFlat(1), 6);
        Assert.True(hf.Damping < 10);
    }

    private static double Loss(Module model, Tensor x, int[] labels)
    {
        using var tape = Tape.Record();
        using var noGrad = Tape.NoGrad();
        return Losses.SoftmaxCrossEntropy(model.Forward(x), labels).Item();
    }

    private static (Tensor X, int[] Labels) Spirals(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var x = Tensor.Zeros(new Shape(n, 2), DType.Float64);
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var c = i % 3;
            var r = (i / 3) / (double)(n / 3);
            var t = (c * 4.0) + (r * 4.0) + (0.2 * rng.Normal());
            x[i, 0] = r * Math.Sin(t);
            x[i, 1] = r * Math.Cos(t);
            labels[i] = c;
        }

        return (x, labels);
    }
}
