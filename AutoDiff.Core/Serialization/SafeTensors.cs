namespace AutoDiff.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face), so parameters move to and from PyTorch, JAX and
/// the rest of that ecosystem.
/// </summary>
/// <remarks>
/// <para>
/// Layout: an 8-byte little-endian unsigned header length <c>N</c>; <c>N</c> bytes of UTF-8 JSON, an object
/// mapping each tensor name to <c>{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}</c>, plus an
/// optional <c>"__metadata__"</c> object of strings; then the byte buffer, into which the offsets point.
/// The tensors' byte ranges must tile the buffer exactly: contiguous, non-overlapping, no gaps, nothing left
/// over. Data is little-endian and row-major. The header may be padded at its end with spaces.
/// </para>
/// <para>
/// Reading validates the whole header against the file size before reading any tensor data, and returns
/// nothing unless every check passes; any violation throws <see cref="InvalidDataException"/> naming the
/// source and, where there is one, the tensor. Writing is deterministic (tensors sorted by name, metadata keys
/// sorted) and atomic when writing to a path.
/// </para>
/// </remarks>
public static partial class SafeTensors
{
    /// <summary>The reserved header key holding string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted when reading, 100 MB (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;
}
