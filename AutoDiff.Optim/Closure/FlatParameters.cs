using AutoDiff.Linalg;

namespace AutoDiff.Optim;

/// <summary>
/// A float64 flat view of parameter tensors (in their given order, each row-major) for the closure optimizers (L-BFGS, Newton-CG, Hessian-free):
/// read, write, gradients and Hessian-vector products into reused buffers. Parameters' gradients are left as they were.
/// </summary>
internal sealed class FlatParameters
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _tangents;
    private readonly Tensor[] _products;

    public FlatParameters(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("Second-order optimizer: no parameters were given.", nameof(parameters));
        }

        _parameters = [.. parameters];
        _tangents = _parameters.Select(Tensor.ZerosLike).ToArray();
        _products = _parameters.Select(Tensor.ZerosLike).ToArray();
        Dimension = _parameters.Sum(p => p.Size);
    }

    public IReadOnlyList<Tensor> Parameters => _parameters;

    public int Dimension { get; }

    public void Read(Span<double> destination) => FlatCopy.FromTensors(_parameters, destination);

    public void Write(ReadOnlySpan<double> source) => FlatCopy.ToTensors(source, _parameters);

    /// <summary>f at the current parameters, without recording.</summary>
    public static double Value(Func<Tensor> loss)
    {
        using var tape = Tape.Record();
        using var noGrad = Tape.NoGrad();
        return loss().Item();
    }

    /// <summary>f and ∇f at the current parameters (gradient written into <paramref name="gradient"/>).</summary>
    public double ValueAndGradient(Func<Tensor> loss, Span<double> gradient)
    {
        var saved = _parameters.Select(p => (p.Grad, p.RequiresGrad)).ToArray();
        try
        {
            foreach (var p in _parameters)
            {
                p.Grad = null;
                p.RequiresGrad = true;
            }

            double value;
            using (var tape = Tape.Record())
            {
                var y = loss();
                if (y.Size != 1)
                {
                    throw new ArgumentException($"Second-order optimizer: the closure must return a scalar loss, got shape {y.Shape}.");
                }

                value = y.Item();
                y.Backward();
            }

            var at = 0;
            foreach (var p in _parameters)
            {
                var part = gradient.Slice(at, p.Size);
                if (p.Grad is { } g)
                {
                    FlatCopy.FromTensor(g, part);
                }
                else
                {
                    part.Clear();
                }

                at += p.Size;
            }

            return value;
        }
        finally
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _parameters[i].Grad = saved[i].Grad;
                _parameters[i].RequiresGrad = saved[i].RequiresGrad;
            }
        }
    }

    /// <summary>∇²f·v at the current parameters (forward-over-reverse).</summary>
    public void Hvp(Func<Tensor> f, ReadOnlySpan<double> v, Span<double> result)
    {
        FlatCopy.ToTensors(v, _tangents);
        AD.Hvp(f, _parameters, _tangents, _products);
        FlatCopy.FromTensors(_products, result);
    }
}
