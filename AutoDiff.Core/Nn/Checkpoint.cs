using System.Buffers.Binary;
using AutoDiff.Serialization;

namespace AutoDiff.Nn;

/// <summary>
/// Saves and loads a module's parameters and buffers as a safetensors file whose tensor names are the module paths
/// (<c>"0.weight"</c>, <c>"1.running_mean"</c>), so weights move to and from PyTorch's <c>state_dict</c>.
/// </summary>
/// <remarks>
/// Floating-point tensors are stored as F32 or F64 (the module's dtype). Batch-norm counters
/// (<c>num_batches_tracked</c>) are integers in PyTorch and are stored, as there, as I64 scalars.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The name of the buffers that PyTorch keeps as 64-bit integers (the batch-norm batch counter).</summary>
    public const string IntegerCounterName = "num_batches_tracked";

    /// <summary>Writes every parameter and buffer of <paramref name="module"/> to <paramref name="path"/> (atomically).</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The destination file.</param>
    /// <param name="metadata">Optional string pairs stored in the header.</param>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensors.Write(path, ToEntries(module), metadata);
    }

    /// <summary>The module's parameters and buffers as safetensors entries (F32 or F64), named by path.</summary>
    /// <param name="module">The module.</param>
    /// <returns>The entries.</returns>
    public static IReadOnlyList<SafeTensorEntry> ToEntries(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.NamedTensors().Select(t =>
        {
            var shape = t.Tensor.Shape.Select(d => (long)d).ToArray();
            if (IsIntegerCounter(t.Name))
            {
                return ToInt64Entry(t.Name, t.Tensor, shape);
            }

            return t.Tensor.DType == DType.Float32
                ? SafeTensorEntry.FromFloats(t.Name, t.Tensor.AsSpan<float>(), shape)
                : SafeTensorEntry.FromDoubles(t.Name, t.Tensor.AsSpan<double>(), shape);
        }).ToArray();
    }

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="module"/>'s parameters and buffers, in place (so references
    /// held by optimizers stay valid). Everything is validated first: the file's tensors must be exactly the module's
    /// (no missing, no extra), each with the same shape and dtype, and their data must match the checksums stored
    /// with it; otherwise nothing is changed.
    /// </summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="path">The safetensors file.</param>
    /// <param name="convertDType">
    /// Whether an F32 tensor may load into a float64 module tensor and an F64 one into a float32 tensor (rounded to
    /// nearest); by default a dtype mismatch throws. <see cref="Module.To(DType)"/> converts the module instead.
    /// </param>
    /// <exception cref="InvalidDataException">
    /// The file is corrupt, or a tensor is missing, extra, or has another shape or dtype (the message names it).
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory.</exception>
    public static void Load(Module module, string path, bool convertDType = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Load(module, SafeTensors.Read(path), path, convertDType);
    }

    /// <summary>Loads already-read safetensors content into <paramref name="module"/>, validating as <see cref="Load(Module, string, bool)"/>.</summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="content">The file content.</param>
    /// <param name="source">A name for the source in error messages.</param>
    /// <param name="convertDType">Whether F32 and F64 tensors may load into module tensors of the other float dtype.</param>
    public static void Load(Module module, SafeTensorsContent content, string source = "checkpoint", bool convertDType = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(content);
        var targets = module.NamedTensors().ToArray();
        var expected = targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in content.Names)
        {
            if (!expected.Contains(name))
            {
                throw new InvalidDataException($"{source}: unexpected tensor '{name}', which the module does not have.");
            }
        }

        var values = new Tensor[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            var (name, tensor) = targets[i];
            if (!content.TryGetTensor(name, out var entry))
            {
                throw new InvalidDataException($"{source}: missing tensor '{name}' ({tensor.DType}{tensor.Shape}).");
            }

            var counter = IsIntegerCounter(name);
            var want = counter ? SafeTensorDType.I64 : tensor.DType == DType.Float32 ? SafeTensorDType.F32 : SafeTensorDType.F64;
            var floatConversion = convertDType && !counter && entry.DType is SafeTensorDType.F32 or SafeTensorDType.F64;
            if (entry.DType != want && !floatConversion)
            {
                var hint = !counter && entry.DType is SafeTensorDType.F32 or SafeTensorDType.F64
                    ? $"; pass convertDType: true to convert while loading, or call module.To(DType.{(entry.DType == SafeTensorDType.F32 ? "Float32" : "Float64")}) first"
                    : string.Empty;
                throw new InvalidDataException($"{source}: tensor '{name}' has dtype {entry.DType.ToHeaderString()} but the module expects {want.ToHeaderString()}{hint}.");
            }

            var shape = entry.Shape;
            if (shape.Count != tensor.Rank || shape.Where((d, k) => d != tensor.Shape[k]).Any())
            {
                throw new InvalidDataException($"{source}: tensor '{name}' has shape [{string.Join(", ", shape)}] but the module expects {tensor.Shape}.");
            }

            // CopyFrom below needs the module's dtype: a converted entry goes through Tensor.To (exact for F32 to F64).
            var value = entry.DType switch
            {
                SafeTensorDType.I64 => FromInt64Entry(entry, tensor),
                SafeTensorDType.F32 => Tensor.FromArray(entry.ToFloatArray(), tensor.Shape),
                _ => Tensor.FromArray(entry.ToDoubleArray(), tensor.Shape),
            };
            values[i] = value.DType == tensor.DType ? value : value.To(tensor.DType);
        }

        for (var i = 0; i < targets.Length; i++)
        {
            targets[i].Tensor.CopyFrom(values[i]);
        }
    }

    /// <summary>Whether the tensor at <paramref name="path"/> is an integer counter (stored as I64, like PyTorch).</summary>
    private static bool IsIntegerCounter(string path)
        => path == IntegerCounterName || path.EndsWith("." + IntegerCounterName, StringComparison.Ordinal);

    private static SafeTensorEntry ToInt64Entry(string name, Tensor tensor, long[] shape)
    {
        var bytes = new byte[checked(tensor.Size * sizeof(long))];
        for (var i = 0; i < tensor.Size; i++)
        {
            var value = tensor.GetFlat(i);
            if (value != Math.Floor(value) || value < long.MinValue || value > long.MaxValue)
            {
                throw new InvalidOperationException($"Checkpoint: the counter '{name}' holds {value}, which is not an integer.");
            }

            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), (long)value);
        }

        return new SafeTensorEntry(name, SafeTensorDType.I64, shape, bytes);
    }

    private static Tensor FromInt64Entry(SafeTensorEntry entry, Tensor like)
    {
        var result = Tensor.Zeros(like.Shape, like.DType);
        var data = entry.Data.Span;
        for (var i = 0; i < result.Size; i++)
        {
            result.SetFlat(i, BinaryPrimitives.ReadInt64LittleEndian(data[(i * sizeof(long))..]));
        }

        return result;
    }
}
