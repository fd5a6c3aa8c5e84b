namespace AutoDiff.Serialization;

/// <summary>
/// The validated contents of a safetensors file: its tensors, in storage order, and its metadata.
/// </summary>
public sealed class SafeTensorsContent
{
    private readonly SafeTensorEntry[] _tensors;
    private readonly Dictionary<string, SafeTensorEntry> _byName;
    private readonly Dictionary<string, string> _metadata;

    internal SafeTensorsContent(SafeTensorEntry[] tensors, Dictionary<string, string> metadata)
    {
        _tensors = tensors;
        _byName = new Dictionary<string, SafeTensorEntry>(tensors.Length, StringComparer.Ordinal);
        foreach (SafeTensorEntry tensor in tensors)
        {
            _byName.Add(tensor.Name, tensor);
        }

        _metadata = metadata;
    }

    /// <summary>The tensors, in the order their data is stored in the file.</summary>
    public IReadOnlyList<SafeTensorEntry> Tensors => _tensors;

    /// <summary>The <c>__metadata__</c> string pairs; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>The number of tensors.</summary>
    public int Count => _tensors.Length;

    /// <summary>The tensor names, in storage order.</summary>
    public IEnumerable<string> Names => _tensors.Select(t => t.Name);

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <param name="name">The tensor name.</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the names present.</exception>
    public SafeTensorEntry this[string name]
    {
        get
        {
            if (TryGetTensor(name, out SafeTensorEntry? tensor))
            {
                return tensor;
            }

            throw new KeyNotFoundException(
                $"No tensor named '{name}'; the file holds: {string.Join(", ", Names.Select(n => $"'{n}'"))}.");
        }
    }

    /// <summary>Whether a tensor named <paramref name="name"/> exists.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns><see langword="true"/> if it exists.</returns>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Looks up a tensor by name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns><see langword="true"/> if it exists.</returns>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafeTensorEntry? tensor) =>
        _byName.TryGetValue(name, out tensor);
}
