using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// One everyday training step of an MLP on a fixed batch: forward under a recording tape, loss, backward, a plain
/// SGD step and zeroed gradients. Shared by <c>perf</c> and the BenchmarkDotNet suite.
/// </summary>
public sealed class MlpStep
{
    private readonly Sequential _model;
    private readonly Sgd _optimizer;
    private readonly Tensor _x;
    private readonly int[]? _labels;
    private readonly Tensor? _target;

    private MlpStep(Sequential model, Tensor x, int[]? labels, Tensor? target)
    {
        _model = model;
        _optimizer = new Sgd(model.Parameters(), lr: 1e-3);
        _x = x;
        _labels = labels;
        _target = target;
        ParameterCount = model.ParameterCount;
        Batch = x.Shape[0];
    }

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount { get; }

    /// <summary>The batch size.</summary>
    public int Batch { get; }

    /// <summary>FLOPs of one step counted as 6 × batch × parameters (forward 2, backward 4 per parameter and example).</summary>
    public double Flops => 6.0 * Batch * ParameterCount;

    /// <summary>MLP 784-256-256-10, ReLU, softmax cross-entropy, batch 128, float32 (an MNIST-sized classifier).</summary>
    public static MlpStep Classifier(ulong seed = 1)
    {
        var rng = new Rng(seed);
        var model = Mlp.Create([784, 256, 256, 10], Activation.ReLU, dtype: DType.Float32, rng: rng.Fork());
        var x = Tensor.Rand(new Shape(128, 784), rng, 0, 1);
        var labels = Enumerable.Range(0, 128).Select(_ => rng.NextInt(10)).ToArray();
        return new MlpStep(model, x, labels, null);
    }

    /// <summary>MLP 64-64-64-1, tanh, mean squared error, batch 32, float32 (a small regressor).</summary>
    public static MlpStep Regressor(ulong seed = 2)
    {
        var rng = new Rng(seed);
        var model = Mlp.Create([64, 64, 64, 1], Activation.Tanh, dtype: DType.Float32, rng: rng.Fork());
        var x = Tensor.Randn(new Shape(32, 64), rng);
        var target = Tensor.Randn(new Shape(32, 1), rng);
        return new MlpStep(model, x, null, target);
    }

    /// <summary>Runs one training step and returns the loss tensor.</summary>
    public Tensor Step()
    {
        using var tape = Tape.Record();
        var output = _model.Forward(_x);
        var loss = _labels is not null ? Losses.SoftmaxCrossEntropy(output, _labels) : Losses.Mse(output, _target!);
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
        return loss;
    }
}
