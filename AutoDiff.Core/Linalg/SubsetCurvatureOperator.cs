namespace AutoDiff.Linalg;

/// <summary>
/// The Hessian or the generalised Gauss-Newton matrix of a model's mean loss over a fixed data subset, applied
/// batch by batch with forward-over-reverse products (<see cref="AD.Hvp(Func{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>)
/// and accumulated in float64, each batch weighted by its share of the examples, so the result does not depend on
/// the batch size (as long as the forward pass does not: put batch norm in evaluation mode, which
/// the scope given to the constructor is for).
/// </summary>
/// <remarks>
/// The flat vector concatenates the parameters in the order given (for a module, <c>model.Parameters()</c>: each
/// layer's weight then bias, layers in order), each flattened row-major. The parameters are left as they were.
/// </remarks>
public sealed class SubsetCurvatureOperator : ILinearOperator
{
    private readonly Tensor[] _parameters;
    private readonly CurvatureBatch[] _batches;
    private readonly Func<IDisposable>? _scope;
    private readonly Tensor[] _tangents;
    private readonly Tensor[] _products;
    private readonly double[] _weights;

    /// <summary>
    /// The operator of <paramref name="kind"/> for the loss over <paramref name="batches"/> with respect to
    /// <paramref name="parameters"/>. <paramref name="scope"/>, when given, is entered around every application and
    /// evaluation (e.g. to put a model in evaluation mode and restore its mode afterwards).
    /// </summary>
    public SubsetCurvatureOperator(IReadOnlyList<Tensor> parameters, IReadOnlyList<CurvatureBatch> batches, CurvatureKind kind, Func<IDisposable>? scope = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(batches);
        if (parameters.Count == 0 || batches.Count == 0)
        {
            throw new ArgumentException($"SubsetCurvatureOperator: needs parameters and batches, got {parameters.Count} parameters and {batches.Count} batches.");
        }

        _parameters = [.. parameters];
        _batches = [.. batches];
        _scope = scope;
        Kind = kind;
        _tangents = _parameters.Select(Tensor.ZerosLike).ToArray();
        _products = _parameters.Select(Tensor.ZerosLike).ToArray();
        Examples = _batches.Sum(b => b.Loss.Count);
        _weights = _batches.Select(b => (double)b.Loss.Count / Examples).ToArray();
        Dimension = _parameters.Sum(p => p.Size);
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>Which matrix this operator applies.</summary>
    public CurvatureKind Kind { get; }

    /// <summary>The number of examples in the subset.</summary>
    public int Examples { get; }

    /// <summary>The parameters, in the order of the flat vector.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>How many operator applications have been made.</summary>
    public int Applications { get; private set; }

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (v.Length != Dimension || result.Length != Dimension)
        {
            throw new ArgumentException($"SubsetCurvatureOperator.Apply: v has {v.Length} and result {result.Length} entries; the dimension is {Dimension}.");
        }

        var at = 0;
        foreach (var t in _tangents)
        {
            FlatCopy.ToTensor(v.Slice(at, t.Size), t);
            at += t.Size;
        }

        result.Clear();
        using var scope = _scope?.Invoke();
        for (var b = 0; b < _batches.Length; b++)
        {
            var batch = _batches[b];
            Func<Tensor> f = Kind == CurvatureKind.Hessian
                ? () => batch.Loss.Value(batch.Outputs())
                : () => batch.Loss.GaussNewtonForm(batch.Outputs());
            AD.Hvp(f, _parameters, _tangents, _products);
            at = 0;
            foreach (var part in _products)
            {
                FlatCopy.AddFromTensor(_weights[b], part, result.Slice(at, part.Size));
                at += part.Size;
            }
        }

        Applications++;
    }

    /// <summary>The mean loss over the subset and its gradient (flat, float64, written into <paramref name="gradient"/>).</summary>
    public double ValueAndGradient(Span<double> gradient)
    {
        if (gradient.Length != Dimension)
        {
            throw new ArgumentException($"SubsetCurvatureOperator.ValueAndGradient: the gradient has {gradient.Length} entries; the dimension is {Dimension}.");
        }

        gradient.Clear();
        var value = 0.0;
        using var scope = _scope?.Invoke();

        // Reverse mode on the parameters themselves, with their gradients saved and restored around it.
        var saved = _parameters.Select(p => (p.Grad, p.RequiresGrad)).ToArray();
        try
        {
            for (var b = 0; b < _batches.Length; b++)
            {
                foreach (var p in _parameters)
                {
                    p.Grad = null;
                    p.RequiresGrad = true;
                }

                using (var tape = Tape.Record())
                {
                    var loss = _batches[b].Loss.Value(_batches[b].Outputs());
                    value += _weights[b] * loss.Item();
                    loss.Backward();
                }

                var at = 0;
                foreach (var p in _parameters)
                {
                    if (p.Grad is { } g)
                    {
                        FlatCopy.AddFromTensor(_weights[b], g, gradient.Slice(at, p.Size));
                    }

                    at += p.Size;
                }
            }
        }
        finally
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _parameters[i].Grad = saved[i].Grad;
                _parameters[i].RequiresGrad = saved[i].RequiresGrad;
            }
        }

        return value;
    }

    /// <summary>The mean loss over the subset.</summary>
    public double Value()
    {
        using var scope = _scope?.Invoke();
        using var noGrad = Tape.NoGrad();
        var value = 0.0;
        for (var b = 0; b < _batches.Length; b++)
        {
            value += _weights[b] * _batches[b].Loss.Value(_batches[b].Outputs()).Item();
        }

        return value;
    }
}
