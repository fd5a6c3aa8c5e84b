using AutoDiff.Bench.Demo;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// The loss of MLP 784-256-256-10 (ReLU, softmax cross-entropy, batch 128, float64) as a function of one flat
/// parameter vector θ, with a fixed direction v: the gradient and the forward-over-reverse HVP of the same function.
/// </summary>
public sealed class FlatMlpLoss
{
    private readonly FlatMlp _mlp;
    private readonly Tensor _x;
    private readonly int[] _labels;
    private readonly Tensor _theta;
    private readonly Tensor _v;

    /// <summary>Builds the network, a random batch, θ and v from <paramref name="seed"/>.</summary>
    public FlatMlpLoss(ulong seed = 3)
    {
        var rng = new Rng(seed);
        _mlp = new FlatMlp(784, 256, 256, 10) { Activation = Ops.Relu };
        _x = Tensor.Rand(new Shape(128, 784), rng, 0, 1, DType.Float64);
        _labels = Enumerable.Range(0, 128).Select(_ => rng.NextInt(10)).ToArray();
        _theta = _mlp.Initial(seed, DType.Float64);
        _v = Tensor.Randn(_theta.Shape, rng, dtype: DType.Float64);
    }

    /// <summary>The number of parameters (the length of θ).</summary>
    public int ParameterCount => _mlp.ParameterCount;

    /// <summary>∇f(θ).</summary>
    public Tensor Grad() => AD.Grad(Loss, _theta);

    /// <summary>∇²f(θ)·v by forward-over-reverse.</summary>
    public Tensor Hvp() => AD.Hvp(Loss, _theta, _v);

    private Tensor Loss(Tensor theta) => Losses.SoftmaxCrossEntropy(_mlp.Forward(theta, _x), _labels);
}
