using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Tests.Nn;

/// <summary>Each thread has its own tape and buffer pool: two models train at once exactly as they do alone.</summary>
public sealed class ThreadedTrainingTests
{
    private static float[] Train(ulong seed)
    {
        var model = Mlp.Create([20, 64, 64, 5], Activation.Tanh, rng: new Rng(seed));
        var optimizer = new Adam(model.Parameters(), lr: 1e-2);
        var x = Tensor.Randn(new Shape(96, 20), seed: seed + 100);
        var labels = Enumerable.Range(0, 96).Select(i => (int)((uint)(i * 7 + (int)seed) % 5)).ToArray();
        for (var step = 0; step < 40; step++)
        {
            using var tape = Tape.Record();
            var loss = Losses.SoftmaxCrossEntropy(model.Forward(x), labels);
            loss.Backward();
            optimizer.Step();
            optimizer.ZeroGrad();
        }

        return model.Parameters().SelectMany(p => p.ToFloatArray()).ToArray();
    }

    [Fact]
    public void TwoModels_TrainedOnTwoThreadsAtOnce_MatchTrainingAlone()
    {
        var alone = new[] { Train(1), Train(2) };
        var together = new float[2][];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => together[i] = Train((ulong)i + 1))).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(alone[0], together[0]);
        Assert.Equal(alone[1], together[1]);
    }
}
