using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// One training step of the Fashion-MNIST CNN on a fixed, seeded batch [128, 1, 28, 28] (float32):
/// Conv2d(1, 32, 3, p1)–ReLU–MaxPool2d(2)–Conv2d(32, 64, 3, p1)–ReLU–MaxPool2d(2)–Flatten–Linear(3136, 128)–ReLU–
/// Linear(128, 10), softmax cross-entropy, Adam. The pixel values do not change the work, so no data set is read.
/// </summary>
public sealed class CnnStep
{
    private readonly Sequential _model;
    private readonly Adam _optimizer;
    private readonly Tensor _x;
    private readonly int[] _labels;

    /// <summary>Builds the model, the optimizer and the batch.</summary>
    /// <param name="batch">The batch size.</param>
    /// <param name="seed">The seed of the weights and the batch.</param>
    public CnnStep(int batch = 128, ulong seed = 3)
    {
        var rng = new Rng(seed);
        _model = new Sequential(
            new Conv2d(1, 32, 3, padding: 1, rng: rng.Fork()),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1, rng: rng.Fork()),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(64 * 7 * 7, 128, rng: rng.Fork()),
            new ReLU(),
            new Linear(128, 10, rng: rng.Fork()));
        _optimizer = new Adam(_model.Parameters(), lr: 1e-3);
        _x = Tensor.Rand(new Shape(batch, 1, 28, 28), rng, 0, 1);
        _labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt(10)).ToArray();
        Batch = batch;
    }

    /// <summary>The batch size.</summary>
    public int Batch { get; }

    /// <summary>
    /// FLOPs of one step: three times the forward pass's multiply-adds ×2 (forward, input gradient, weight gradient,
    /// as usually counted): convolutions 2·B·out·OH·OW·in·k² and linear layers 2·B·in·out. 3.26 GFLOP at batch 128.
    /// </summary>
    public double Flops
    {
        get
        {
            double forward = (2.0 * Batch * 32 * 28 * 28 * 1 * 9)
                + (2.0 * Batch * 64 * 14 * 14 * 32 * 9)
                + (2.0 * Batch * 3136 * 128)
                + (2.0 * Batch * 128 * 10);
            return 3 * forward;
        }
    }

    /// <summary>Runs one training step and returns the loss tensor.</summary>
    public Tensor Step()
    {
        using var tape = Tape.Record();
        var loss = Losses.SoftmaxCrossEntropy(_model.Forward(_x), _labels);
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
        return loss;
    }
}
