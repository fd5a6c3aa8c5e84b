using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// The gradient of a loss linearised at one point (made by <see cref="AD.Linearize(Func{Tensor}, IReadOnlyList{Tensor})"/>):
/// the forward and backward passes were run once and recorded, and each <see cref="Apply(IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>
/// pushes the tangent v through the recorded operations by their JVP rules, giving H·v without recomputing any
/// primal value (<c>jax.linearize</c> applied to <c>grad</c>). Operations whose inputs carry no tangent are skipped,
/// and so are those the gradient does not read (the loss value itself).
/// </summary>
/// <remarks>
/// It holds the recorded forward activations and backward cotangents in pooled buffers until <see cref="Dispose"/>
/// (about the memory of one retained training step; no other tape or scope can recycle them meanwhile). Each product
/// borrows its tangent buffers from the thread's pool and returns them before it returns, so repeated products allocate
/// only small objects. One linearisation is not safe to apply from two threads at once.
/// </remarks>
public sealed class Linearization : IDisposable
{
    private const int Constant = -1;

    private readonly Tensor[] _parameters;
    private readonly Primitive[] _primitives;
    private readonly Tensor[][] _inputs;
    private readonly Tensor[] _outputs;

    // Where each recorded input comes from: a node index (≥ 0), Constant, or parameter j as −(j + 2).
    private readonly int[][] _sources;
    private readonly Tensor?[][] _inputTangents;
    private readonly int[] _replay;
    private readonly int[] _gradientSources;
    private readonly Tensor[] _gradients;
    private readonly Tensor?[] _tangents;

    // For each recorded operation, the parameter whose gradient it gives (its tangent is that H·v), else −1.
    private readonly int[] _gradientOf;
    private List<PooledBuffer>? _buffers;

    private Linearization(
        Tensor[] parameters, Primitive[] primitives, Tensor[][] inputs, Tensor[] outputs, int[][] sources, int[] replay,
        int[] gradientSources, Tensor[] gradients, double value)
    {
        _parameters = parameters;
        _primitives = primitives;
        _inputs = inputs;
        _outputs = outputs;
        _sources = sources;
        _replay = replay;
        _gradientSources = gradientSources;
        _gradients = gradients;
        Value = value;
        _tangents = new Tensor?[primitives.Length];
        _gradientOf = new int[primitives.Length];
        Array.Fill(_gradientOf, -1);
        for (var i = 0; i < gradientSources.Length; i++)
        {
            if (gradientSources[i] >= 0)
            {
                // Two parameters with one gradient operation (it cannot happen for distinct leaves) keep the copy.
                _gradientOf[gradientSources[i]] = _gradientOf[gradientSources[i]] == -1 ? i : -2;
            }
        }
        _inputTangents = inputs.Select(i => new Tensor?[i.Length]).ToArray();
    }

    /// <summary>The loss at the linearisation point.</summary>
    public double Value { get; }

    /// <summary>The gradient at the linearisation point, one tensor per parameter (not pooled; do not modify).</summary>
    public IReadOnlyList<Tensor> Gradients => _gradients;

    /// <summary>The parameters, in the order of <see cref="Apply(IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>'s arguments.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The number of recorded operations each product replays (its tangent work).</summary>
    public int Operations => _replay.Length;

    /// <summary>The bytes of pooled memory the recorded values hold until <see cref="Dispose"/>.</summary>
    public long RetainedBytes
    {
        get
        {
            long bytes = 0;
            foreach (var buffer in _buffers ?? [])
            {
                bytes += (long)buffer.Storage.Length * (buffer.Storage is double[] ? sizeof(double) : sizeof(float));
            }

            return bytes;
        }
    }

    /// <summary>Whether <see cref="Dispose"/> was called (the recorded values are gone).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>H·v for a single parameter (the form made by <see cref="AD.Linearize(Func{Tensor, Tensor}, Tensor)"/>), as a new tensor.</summary>
    public Tensor Apply(Tensor v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (_parameters.Length != 1)
        {
            throw new InvalidOperationException($"Linearization.Apply: there are {_parameters.Length} parameters; pass one direction per parameter.");
        }

        var result = Tensor.ZerosLike(_parameters[0]);
        Apply([v], [result]);
        return result;
    }

    /// <summary>
    /// Writes H·v into <paramref name="destination"/>: one direction and one destination per parameter, with its shape
    /// and dtype. The result equals <see cref="AD.Hvp(Func{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>
    /// at the linearisation point (the same rules on the same values).
    /// </summary>
    public void Apply(IReadOnlyList<Tensor> v, IReadOnlyList<Tensor> destination)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(destination);
        if (IsDisposed)
        {
            throw new ObjectDisposedException(
                nameof(Linearization),
                "Linearization.Apply: this linearisation was disposed and its recorded values went back to the pool; make a new one with AD.Linearize.");
        }
        if (v.Count != _parameters.Length || destination.Count != _parameters.Length)
        {
            throw new ArgumentException($"Linearization.Apply: {_parameters.Length} parameters, {v.Count} directions and {destination.Count} destinations; they must match.");
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(v[i]);
            ArgumentNullException.ThrowIfNull(destination[i]);
            Check("direction", i, v[i]);
            Check("destination", i, destination[i]);
        }

        // A destination may be written during the replay only if no direction shares its memory (H·v in place).
        var writable = new bool[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            writable[i] = true;
            for (var j = 0; j < v.Count; j++)
            {
                writable[i] &= !ReferenceEquals(destination[i].Storage, v[j].Storage);
            }
        }

        using var scope = BufferScope.Begin();
        using var hidden = Levels.HideAll();
        try
        {
            foreach (var k in _replay)
            {
                var sources = _sources[k];
                var tangents = _inputTangents[k];
                var any = false;
                for (var j = 0; j < sources.Length; j++)
                {
                    var t = Tangent(sources[j], v);
                    tangents[j] = t;
                    any |= t is not null;
                }

                if (any)
                {
                    // A gradient's own operation writes its tangent (H·v for that parameter) into the caller's buffer.
                    _tangents[k] = _gradientOf[k] is var i and >= 0 && writable[i] && _primitives[k].JvpInto(_inputs[k], _outputs[k], tangents, destination[i])
                        ? destination[i]
                        : _primitives[k].Jvp(_inputs[k], _outputs[k], tangents);
                }
            }

            for (var i = 0; i < _parameters.Length; i++)
            {
                if (Tangent(_gradientSources[i], v) is { } hv)
                {
                    if (!ReferenceEquals(hv, destination[i]))
                    {
                        destination[i].CopyFrom(hv);
                    }
                }
                else
                {
                    destination[i].Fill(0);
                }
            }
        }
        finally
        {
            // Drop the references, so no released tangent is reachable from here.
            Array.Clear(_tangents);
            foreach (var k in _replay)
            {
                Array.Clear(_inputTangents[k]);
            }
        }
    }

    /// <summary>Returns the recorded values to the pool; applying afterwards throws. A second call does nothing.</summary>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        var buffers = _buffers ?? [];
        _buffers = null;
        foreach (var buffer in buffers)
        {
            buffer.Release();
        }
    }

    /// <summary>Runs the loss forward and backward once with the backward pass recorded, and keeps what the replay needs.</summary>
    internal static Linearization Record(Func<Tensor> loss, Tensor[] parameters)
    {
        var index = new Dictionary<Tensor, int>(parameters.Length, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < parameters.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(parameters[i], $"parameters[{i}]");
            if (!index.TryAdd(parameters[i], i))
            {
                // As AD.Hvp: two copies would share one tensor's leaf entries, and the products would be silently wrong.
                throw new ArgumentException($"Linearize: parameters {index[parameters[i]]} and {i} are the same tensor (shape {parameters[i].Shape}); pass each parameter once.");
            }
        }

        var scope = BufferScope.Begin();
        try
        {
            var linearization = RecordInScope(loss, parameters, index);
            linearization._buffers = scope.Detach();
            return linearization;
        }
        finally
        {
            // After a failure, give back what was recorded (after Detach this does nothing).
            scope.Dispose();
        }
    }

    /// <summary>
    /// Records on two reverse levels: the inner one takes the gradient, the outer one records the forward pass and
    /// the inner backward pass (whose rules run with only the outer level visible), so every cotangent is a recorded
    /// operation of the outer tape, ready to be replayed in forward mode.
    /// </summary>
    private static Linearization RecordInScope(Func<Tensor> loss, Tensor[] parameters, Dictionary<Tensor, int> index)
    {

        var outerLeaves = new LeafEntry?[parameters.Length];
        var innerLeaves = new LeafEntry?[parameters.Length];
        Primitive[] primitives;
        Tensor[][] inputs;
        Tensor[] outputs;
        int[][] sources;
        var gradientSources = new int[parameters.Length];
        var gradients = new Tensor[parameters.Length];
        double value;

        // Enclosing tapes and transforms see none of this: the linearisation is a constant to them.
        using (Levels.HideAll())
        {
            var outer = Tape.ForTransform();
            try
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    if (States.LeafAt(parameters[i], outer.Level) is null)
                    {
                        outerLeaves[i] = new LeafEntry(outer.Level);
                        States.Add(parameters[i], outerLeaves[i]!);
                    }
                }

                var cotangents = new Tensor?[parameters.Length];
                var inner = Tape.ForTransform();
                try
                {
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        if (States.LeafAt(parameters[i], inner.Level) is null)
                        {
                            innerLeaves[i] = new LeafEntry(inner.Level);
                            States.Add(parameters[i], innerLeaves[i]!);
                        }
                    }

                    var y = loss();
                    RequireScalar(y);
                    value = y.Item();
                    inner.Backward(y, Tensor.Full(y.Shape, 1.0, y.DType));
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        cotangents[i] = States.LeafAt(parameters[i], inner.Level)?.Cotangent;
                    }
                }
                catch
                {
                    inner.AbortTransform();
                    throw;
                }

                inner.EndTransform("Linearize");

                // Read the outer recording while its level is open (closed levels' entries may be dropped).
                var nodes = outer.Nodes;
                var count = nodes.Count;
                primitives = new Primitive[count];
                inputs = new Tensor[count][];
                outputs = new Tensor[count];
                sources = new int[count][];
                for (var k = 0; k < count; k++)
                {
                    var node = nodes[k];
                    primitives[k] = node.Primitive;
                    inputs[k] = node.Inputs;
                    outputs[k] = node.Output;
                    sources[k] = new int[node.Inputs.Length];
                    for (var j = 0; j < node.Inputs.Length; j++)
                    {
                        sources[k][j] = Source(node.Inputs[j], outer.Level, index);
                    }
                }

                for (var i = 0; i < parameters.Length; i++)
                {
                    gradientSources[i] = cotangents[i] is { } g ? Source(g, outer.Level, index) : Constant;
                    gradients[i] = cotangents[i]?.Clone() ?? Tensor.ZerosLike(parameters[i]);
                }
            }
            finally
            {
                outer.Dispose();
                for (var i = 0; i < parameters.Length; i++)
                {
                    if (innerLeaves[i] is { } il)
                    {
                        States.Remove(parameters[i], il);
                    }

                    if (outerLeaves[i] is { } ol)
                    {
                        States.Remove(parameters[i], ol);
                    }
                }
            }
        }

        return new Linearization(parameters, primitives, inputs, outputs, sources, Replay(sources, gradientSources), gradientSources, gradients, value);
    }

    /// <summary>The nodes the gradient depends on, in recorded order: only their tangents are needed.</summary>
    private static int[] Replay(int[][] sources, int[] gradientSources)
    {
        var needed = new bool[sources.Length];
        foreach (var s in gradientSources)
        {
            if (s >= 0)
            {
                needed[s] = true;
            }
        }

        var count = 0;
        for (var k = sources.Length - 1; k >= 0; k--)
        {
            if (!needed[k])
            {
                continue;
            }

            count++;
            foreach (var s in sources[k])
            {
                if (s >= 0)
                {
                    needed[s] = true;
                }
            }
        }

        var replay = new int[count];
        var at = 0;
        for (var k = 0; k < sources.Length; k++)
        {
            if (needed[k])
            {
                replay[at++] = k;
            }
        }

        return replay;
    }

    private static int Source(Tensor t, Level level, Dictionary<Tensor, int> parameters)
    {
        if (States.NodeAt(t, level) is { } node)
        {
            return node.Index;
        }

        return States.LeafAt(t, level) is not null && parameters.TryGetValue(t, out var i) ? -(i + 2) : Constant;
    }

    private Tensor? Tangent(int source, IReadOnlyList<Tensor> v)
        => source >= 0 ? _tangents[source] : source == Constant ? null : v[-source - 2];

    private void Check(string what, int i, Tensor t)
    {
        var p = _parameters[i];
        if (t.Shape != p.Shape || t.DType != p.DType)
        {
            throw new ArgumentException($"Linearization.Apply: {what} {i} has shape {t.Shape} ({t.DType}) but the parameter has {p.Shape} ({p.DType}); they must match.");
        }
    }

    private static void RequireScalar(Tensor y)
    {
        if (y.Size != 1)
        {
            throw new ArgumentException($"Linearize: the loss must be a scalar, but it has shape {y.Shape}; reduce it (Sum, Mean).");
        }
    }
}
