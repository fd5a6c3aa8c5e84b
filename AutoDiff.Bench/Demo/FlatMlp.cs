namespace AutoDiff.Bench.Demo;

/// <summary>
/// An MLP whose parameters live in one flat vector θ, so the loss is a plain function f(θ) that every transform
/// (Grad, Hvp, GradCheck) and every Hessian probe can take directly.
/// </summary>
public sealed class FlatMlp
{
    private readonly int[] _sizes;

    public FlatMlp(params int[] sizes)
    {
        _sizes = sizes;
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            ParameterCount += (sizes[i] * sizes[i + 1]) + sizes[i + 1];
        }
    }

    public int ParameterCount { get; }

    public Func<Tensor, Tensor> Activation { get; init; } = Ops.Tanh;

    /// <summary>θ with He-scaled normal weights and zero biases.</summary>
    public Tensor Initial(ulong seed, DType dtype = DType.Float64)
    {
        var rng = new Rng(seed);
        var theta = Tensor.Zeros(new Shape(ParameterCount), dtype);
        var at = 0;
        for (var i = 0; i + 1 < _sizes.Length; i++)
        {
            var std = Math.Sqrt(2.0 / _sizes[i]);
            for (var j = 0; j < _sizes[i] * _sizes[i + 1]; j++)
            {
                theta.SetFlat(at++, std * rng.Normal());
            }

            at += _sizes[i + 1];
        }

        return theta;
    }

    /// <summary>The logits for inputs x [N, sizes[0]].</summary>
    public Tensor Forward(Tensor theta, Tensor x)
    {
        var h = x;
        var at = 0;
        for (var i = 0; i + 1 < _sizes.Length; i++)
        {
            var w = Ops.Reshape(Ops.Slice(theta, 0, at, _sizes[i] * _sizes[i + 1]), _sizes[i], _sizes[i + 1]);
            at += _sizes[i] * _sizes[i + 1];
            var b = Ops.Slice(theta, 0, at, _sizes[i + 1]);
            at += _sizes[i + 1];
            h = Ops.Add(Ops.MatMul(h, w), b);
            if (i + 2 < _sizes.Length)
            {
                h = Activation(h);
            }
        }

        return h;
    }
}
