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
/// <para>
/// By default (<see cref="Linearize"/>) the first product linearises each batch's gradient
/// (<see cref="AD.Linearize(Func{Tensor}, IReadOnlyList{Tensor})"/>) and every product replays only the tangent part,
/// about 1.3 gradients instead of 2.3. The cost is memory: the forward activations and backward cotangents of every
/// batch are kept until <see cref="Dispose"/>, about one retained training step per batch: for MLP 784-256-256-10 in
/// float64, 6.9 MB per batch of 250 (the weight-shaped cotangents, 2.1 MB, plus about 19 KB per example), so 28 MB
/// for 1,000 examples and 1.6 GB for 60,000 (<see cref="Linearization.RetainedBytes"/> reports it).
/// When the first batch's linearisation shows that all of them would hold more than
/// <see cref="LinearizationMemoryLimit"/> bytes, the operator turns <see cref="Linearize"/> off by itself and runs
/// full HVPs (the same values, slower); set it to false yourself to skip that first recording. The linearisations are made again when the values of
/// a parameter or of a <see cref="Watched"/> tensor change, so the operator always describes the current point.
/// </para>
/// </remarks>
public sealed class SubsetCurvatureOperator : ILinearOperator, IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly CurvatureBatch[] _batches;
    private readonly Func<IDisposable>? _scope;
    private readonly Tensor[] _tangents;
    private readonly Tensor[] _products;
    private readonly double[] _weights;
    private Linearization?[]? _linearizations;
    private ValueSnapshot? _snapshot;

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

    /// <summary>
    /// Whether products replay one linearisation per batch (the default; memory in the remarks) or each run full
    /// forward-over-reverse HVPs over the subset (no memory kept). Setting it to false releases the linearisations.
    /// </summary>
    public bool Linearize
    {
        get => _linearize;
        set
        {
            _linearize = value;
            if (!value)
            {
                Dispose();
            }
        }
    }

    private bool _linearize = true;

    /// <summary>
    /// The most memory, in bytes, that the linearisations of all batches may hold (default 1 GiB): beyond it,
    /// <see cref="Linearize"/> turns itself off.
    /// </summary>
    public long LinearizationMemoryLimit { get; set; } = 1L << 30;

    /// <summary>
    /// Tensors besides the parameters that the loss reads and that may change between products (a model's batch-norm
    /// running statistics): a change to their values, as to a parameter's, makes the linearisations again.
    /// </summary>
    public IReadOnlyList<Tensor> Watched { get; init; } = [];

    /// <summary>Releases the linearisations' recorded values; a later product records them again.</summary>
    public void Dispose()
    {
        if (_linearizations is { } linearizations)
        {
            foreach (var l in linearizations)
            {
                l?.Dispose();
            }
        }

        _linearizations = null;
        _snapshot?.Clear();
    }

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (v.Length != Dimension || result.Length != Dimension)
        {
            throw new ArgumentException($"SubsetCurvatureOperator.Apply: v has {v.Length} and result {result.Length} entries; the dimension is {Dimension}.");
        }

        FlatCopy.ToTensors(v, _tangents);
        result.Clear();
        if (_linearize)
        {
            EnsureLinearized();
        }

        using var scope = _linearize ? null : _scope?.Invoke();
        for (var b = 0; b < _batches.Length; b++)
        {
            if (_linearize)
            {
                _linearizations![b]!.Apply(_tangents, _products);
            }
            else
            {
                AD.Hvp(BatchLoss(b), _parameters, _tangents, _products);
            }

            FlatCopy.AddFromTensors(_weights[b], _products, result);
        }

        Applications++;
    }

    /// <summary>Records one linearisation per batch at the current point, unless those held still describe it.</summary>
    private void EnsureLinearized()
    {
        _snapshot ??= new ValueSnapshot([.. _parameters, .. Watched]);
        if (_linearizations is not null && _snapshot.Matches())
        {
            return;
        }

        Dispose();
        var linearizations = new Linearization?[_batches.Length];
        try
        {
            using var scope = _scope?.Invoke();
            for (var b = 0; b < _batches.Length; b++)
            {
                linearizations[b] = AD.Linearize(BatchLoss(b), _parameters);
                if (b == 0 && linearizations[0]!.RetainedBytes * (double)_batches.Length > LinearizationMemoryLimit)
                {
                    // Too large to keep: the caller gets full HVPs instead (same values).
                    linearizations[0]!.Dispose();
                    _linearize = false;
                    return;
                }
            }
        }
        catch
        {
            foreach (var l in linearizations)
            {
                l?.Dispose();
            }

            throw;
        }

        _linearizations = linearizations;
        _snapshot.Take();
    }

    private Func<Tensor> BatchLoss(int b)
    {
        var batch = _batches[b];
        return Kind == CurvatureKind.Hessian
            ? () => batch.Loss.Value(batch.Outputs())
            : () => batch.Loss.GaussNewtonForm(batch.Outputs());
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
