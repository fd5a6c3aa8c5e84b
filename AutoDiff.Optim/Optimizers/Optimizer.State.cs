using System.Buffers.Binary;
using System.Globalization;
using AutoDiff.Nn;
using AutoDiff.Serialization;

namespace AutoDiff.Optim;

public abstract partial class Optimizer
{
    private const string FormatKey = "format";
    private const string FormatValue = "autodiff-optimizer-state-1";
    private const string TypeKey = "optimizer";
    private const string StepCountKey = "step_count";

    /// <summary>
    /// The state tensors, each a list with one tensor per parameter: a key (unique within the optimizer, such as
    /// <c>1.exp_avg</c>) and the live tensors. None by default.
    /// </summary>
    /// <returns>The state.</returns>
    protected virtual IEnumerable<(string Key, IReadOnlyList<Tensor> PerParameter)> StateTensors() => [];

    /// <summary>
    /// Saves the optimizer's state (every state tensor, each parameter's step and <see cref="StepCount"/>) as a
    /// safetensors file, atomically. Entries are named <c>{parameter}/{key}</c> and <c>{parameter}/step</c>, with the
    /// parameter names of <paramref name="module"/> (its <see cref="Module.NamedParameters"/>) or <c>param{i}</c>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="module">The module that owns the parameters, for their names; optional.</param>
    public void SaveState(string path, Module? module = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensors.Write(path, StateEntries(module), StateMetadata());
    }

    /// <summary>The state as safetensors entries (see <see cref="SaveState"/>).</summary>
    /// <param name="module">The module that owns the parameters, for their names; optional.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<SafeTensorEntry> StateEntries(Module? module = null)
    {
        var names = ParameterNames(module);
        var entries = new List<SafeTensorEntry>();
        for (var i = 0; i < Parameters.Count; i++)
        {
            var bytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, _steps[i]);
            entries.Add(new SafeTensorEntry($"{names[i]}/step", SafeTensorDType.I64, [], bytes));
        }

        foreach (var (key, tensors) in StateTensors())
        {
            for (var i = 0; i < Parameters.Count; i++)
            {
                var t = tensors[i];
                var shape = Enumerable.Range(0, t.Rank).Select(d => (long)t.Shape[d]).ToArray();
                entries.Add(t.DType == DType.Float32
                    ? SafeTensorEntry.FromFloats($"{names[i]}/{key}", t.AsSpan<float>(), shape)
                    : SafeTensorEntry.FromDoubles($"{names[i]}/{key}", t.AsSpan<double>(), shape));
            }
        }

        return entries;
    }

    /// <summary>The metadata stored with the state: the format, the optimizer's type and <see cref="StepCount"/>.</summary>
    /// <returns>The metadata.</returns>
    public IReadOnlyDictionary<string, string> StateMetadata() => new Dictionary<string, string>
    {
        [FormatKey] = FormatValue,
        [TypeKey] = GetType().Name,
        [StepCountKey] = StepCount.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Loads what <see cref="SaveState"/> wrote, so training resumes bit-identically. Everything is validated first
    /// (optimizer type, every tensor present with its shape and dtype, no extra tensors, finite values, non-negative
    /// steps); on any problem it throws naming the tensor and changes nothing.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="module">The module that owns the parameters, for their names; optional.</param>
    /// <exception cref="InvalidDataException">The file does not match this optimizer.</exception>
    public void LoadState(string path, Module? module = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LoadState(SafeTensors.Read(path), module, path);
    }

    /// <summary>Loads already-read state, validated as <see cref="LoadState(string, Module?)"/>.</summary>
    /// <param name="content">The file content.</param>
    /// <param name="module">The module that owns the parameters, for their names; optional.</param>
    /// <param name="source">A name for the source in error messages.</param>
    public void LoadState(SafeTensorsContent content, Module? module = null, string source = "optimizer state")
    {
        ArgumentNullException.ThrowIfNull(content);
        var type = GetType().Name;
        if (!content.Metadata.TryGetValue(FormatKey, out var format) || format != FormatValue)
        {
            throw new InvalidDataException($"{source}: not an optimizer state file (metadata '{FormatKey}' is '{format}', expected '{FormatValue}').");
        }

        if (!content.Metadata.TryGetValue(TypeKey, out var savedType) || savedType != type)
        {
            throw new InvalidDataException($"{source}: saved by {savedType ?? "an unknown optimizer"}, cannot load into {type}.");
        }

        if (!content.Metadata.TryGetValue(StepCountKey, out var countText) || !long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var stepCount))
        {
            throw new InvalidDataException($"{source}: metadata '{StepCountKey}' is '{countText}', not a non-negative integer.");
        }

        var names = ParameterNames(module);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var steps = new long[Parameters.Count];
        for (var i = 0; i < Parameters.Count; i++)
        {
            var name = $"{names[i]}/step";
            expected.Add(name);
            var entry = Require(content, name, SafeTensorDType.I64, [], source);
            steps[i] = BinaryPrimitives.ReadInt64LittleEndian(entry.Data.Span);
            if (steps[i] < 0 || steps[i] > stepCount)
            {
                throw new InvalidDataException($"{source}: tensor '{name}' holds {steps[i]}, which is not a step count in [0, {stepCount}].");
            }
        }

        var loads = new List<(Tensor Target, Tensor Value)>();
        foreach (var (key, tensors) in StateTensors())
        {
            for (var i = 0; i < Parameters.Count; i++)
            {
                var name = $"{names[i]}/{key}";
                expected.Add(name);
                var t = tensors[i];
                var shape = Enumerable.Range(0, t.Rank).Select(d => (long)t.Shape[d]).ToArray();
                var entry = Require(content, name, t.DType == DType.Float32 ? SafeTensorDType.F32 : SafeTensorDType.F64, shape, source);
                var value = t.DType == DType.Float32 ? Tensor.FromArray(entry.ToFloatArray(), t.Shape) : Tensor.FromArray(entry.ToDoubleArray(), t.Shape);
                for (var j = 0; j < value.Size; j++)
                {
                    if (!double.IsFinite(value.GetFlat(j)))
                    {
                        throw new InvalidDataException($"{source}: tensor '{name}' holds {value.GetFlat(j)} at element {j}; optimizer state must be finite.");
                    }
                }

                loads.Add((t, value));
            }
        }

        foreach (var name in content.Names)
        {
            if (!expected.Contains(name))
            {
                throw new InvalidDataException($"{source}: unexpected tensor '{name}', which this {type} does not have.");
            }
        }

        foreach (var (target, value) in loads)
        {
            target.CopyFrom(value);
        }

        steps.CopyTo(_steps, 0);
        StepCount = stepCount;
    }

    private static SafeTensorEntry Require(SafeTensorsContent content, string name, SafeTensorDType dtype, long[] shape, string source)
    {
        if (!content.TryGetTensor(name, out var entry))
        {
            throw new InvalidDataException($"{source}: missing tensor '{name}' ({dtype.ToHeaderString()}[{string.Join(", ", shape)}]).");
        }

        if (entry.DType != dtype)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' has dtype {entry.DType.ToHeaderString()} but the optimizer expects {dtype.ToHeaderString()}.");
        }

        if (!entry.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException($"{source}: tensor '{name}' has shape [{string.Join(", ", entry.Shape)}] but the optimizer expects [{string.Join(", ", shape)}].");
        }

        return entry;
    }

    private string[] ParameterNames(Module? module)
    {
        if (module is null)
        {
            return Enumerable.Range(0, Parameters.Count).Select(i => $"param{i}").ToArray();
        }

        var byTensor = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, p) in module.NamedParameters())
        {
            byTensor.TryAdd(p, name);
        }

        return Parameters.Select((p, i) => byTensor.TryGetValue(p, out var name)
            ? name
            : throw new ArgumentException($"{GetType().Name}: parameter {i} ({p.Shape}) is not a parameter of the given {module.GetType().Name}.", nameof(module))).ToArray();
    }
}
