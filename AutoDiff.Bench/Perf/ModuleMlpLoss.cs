using AutoDiff.Nn;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// The loss of MLP 784-256-256-10 (ReLU, softmax cross-entropy, batch 128, float64) over a model's own parameter
/// tensors, as <see cref="Linalg.HessianOperator"/> probes a model: the gradient by <c>Backward</c> and the HVP by
/// <see cref="AD.Hvp(Func{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/> along fixed directions.
/// </summary>
public sealed class ModuleMlpLoss
{
    private readonly Sequential _model;
    private readonly Tensor _x;
    private readonly int[] _labels;
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _v;
    private readonly Tensor[] _hv;
    private Linearization? _linearization;

    /// <summary>Builds the network, a random batch and the directions from <paramref name="seed"/>.</summary>
    public ModuleMlpLoss(ulong seed = 3)
    {
        var rng = new Rng(seed);
        _model = Mlp.Create([784, 256, 256, 10], Activation.ReLU, dtype: DType.Float64, rng: rng.Fork());
        _x = Tensor.Rand(new Shape(128, 784), rng, 0, 1, DType.Float64);
        _labels = Enumerable.Range(0, 128).Select(_ => rng.NextInt(10)).ToArray();
        _parameters = _model.Parameters().ToArray();
        _v = _parameters.Select(p => Tensor.Randn(p.Shape, rng, dtype: DType.Float64)).ToArray();
        _hv = _parameters.Select(Tensor.ZerosLike).ToArray();
    }

    /// <summary>One gradient into the parameters' <c>Grad</c>.</summary>
    public void Grad()
    {
        _model.ZeroGrad();
        using var tape = Tape.Record();
        Loss().Backward();
    }

    /// <summary>One Hessian-vector product into reused tensors, as a Lanczos run does.</summary>
    public void Hvp() => AD.Hvp(Loss, _parameters, _v, _hv);

    /// <summary>One product of the gradient linearised once at these parameters (<see cref="AD.Linearize(Func{Tensor}, IReadOnlyList{Tensor})"/>): tangent work only.</summary>
    public void LinearizedHvp()
    {
        _linearization ??= AD.Linearize(Loss, _parameters);
        _linearization.Apply(_v, _hv);
    }

    private Tensor Loss() => Losses.SoftmaxCrossEntropy(_model.Forward(_x), _labels);
}
