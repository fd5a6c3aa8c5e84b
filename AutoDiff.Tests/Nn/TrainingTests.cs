using AutoDiff.Autodiff;
using AutoDiff.Data;
using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>End to end: a small MLP learns a synthetic two-class problem with plain SGD.</summary>
public class TrainingTests
{
    [Fact]
    public void Mlp_PlainSgdOnXor_ReachesHighAccuracy()
    {
        var data = SyntheticData.Xor(256, seed: 4);
        var model = Mlp.Create([2, 16, 16, 2], Activation.Tanh, rng: new Rng(2));
        var loader = new DataLoader(data, batchSize: 32, seed: 5);
        const double lr = 0.3;
        var step = 0;
        while (step < 400)
        {
            foreach (var (x, labels) in loader)
            {
                using (var tape = Tape.Record())
                {
                    Losses.SoftmaxCrossEntropy(model.Forward(x), labels).Backward();
                }

                foreach (var p in model.Parameters())
                {
                    var w = p.AsSpan<float>();
                    var g = p.Grad!.AsSpan<float>();
                    for (var i = 0; i < w.Length; i++)
                    {
                        w[i] -= (float)(lr * g[i]);
                    }
                }

                model.ZeroGrad();
                step++;
            }
        }

        model.Eval();
        var all = new DataLoader(data, data.Count, shuffle: false).Single();
        var accuracy = Losses.Accuracy(model.Forward(all.X), all.Labels);
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}");
    }

    [Fact]
    public void Mlp_BatchNormAndDropout_SgdUnderNoGrad_LearnsBlobs()
    {
        var data = SyntheticData.GaussianBlobs(200, 2, 4, seed: 3, standardDeviation: 0.5, centerRange: 3);
        var model = Mlp.Create([4, 8, 2], Activation.ReLU, batchNorm: true, dropout: 0.1, dtype: DType.Float64, rng: new Rng(1));
        var loader = new DataLoader(data, 20, dropLast: true, seed: 2, dtype: DType.Float64);
        for (var epoch = 0; epoch < 20; epoch++)
        {
            foreach (var (x, labels) in loader)
            {
                using (var tape = Tape.Record())
                {
                    Losses.SoftmaxCrossEntropy(model.Forward(x), labels).Backward();
                }

                using (Tape.NoGrad())
                {
                    foreach (var p in model.Parameters())
                    {
                        p.CopyFrom(Ops.Sub(p, Ops.Mul(p.Grad!, 0.1)));
                    }
                }

                model.ZeroGrad();
            }
        }

        model.Eval();
        var all = new DataLoader(data, data.Count, shuffle: false, dtype: DType.Float64).Single();
        var accuracy = Losses.Accuracy(model.Forward(all.X), all.Labels);
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}");
    }
}
