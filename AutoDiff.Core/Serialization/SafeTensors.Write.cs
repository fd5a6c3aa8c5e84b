using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace AutoDiff.Serialization;

public static partial class SafeTensors
{
    /// <summary>
    /// Writes tensors to <paramref name="path"/> atomically: to a temporary file in the same directory, flushed
    /// to disk, then moved over <paramref name="path"/>. If anything fails the temporary file is deleted and an
    /// existing file at <paramref name="path"/> is left untouched.
    /// </summary>
    /// <param name="path">The destination file.</param>
    /// <param name="tensors">The tensors; names must be unique. They are stored sorted by name.</param>
    /// <param name="metadata">Optional string pairs stored under <c>"__metadata__"</c>.</param>
    /// <exception cref="ArgumentException">A tensor is null, names repeat, or metadata holds a null.</exception>
    public static void Write(
        string path, IReadOnlyList<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorEntry[] sorted = PrepareTensors(tensors);
        byte[] header = BuildHeader(sorted, metadata);
        WriteAtomically(path, stream => WriteBody(stream, header, sorted));
    }

    /// <summary>Writes tensors in safetensors format to <paramref name="stream"/>, which is left open.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensors">The tensors; names must be unique. They are stored sorted by name.</param>
    /// <param name="metadata">Optional string pairs stored under <c>"__metadata__"</c>.</param>
    /// <exception cref="ArgumentException">A tensor is null, names repeat, or metadata holds a null.</exception>
    public static void Write(
        Stream stream, IReadOnlyList<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SafeTensorEntry[] sorted = PrepareTensors(tensors);
        byte[] header = BuildHeader(sorted, metadata);
        WriteBody(stream, header, sorted);
    }

    /// <summary>Serialises tensors to a byte array in safetensors format.</summary>
    /// <param name="tensors">The tensors; names must be unique. They are stored sorted by name.</param>
    /// <param name="metadata">Optional string pairs stored under <c>"__metadata__"</c>.</param>
    /// <returns>The complete file contents.</returns>
    public static byte[] Serialize(IReadOnlyList<SafeTensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    /// <summary>
    /// Creates <paramref name="path"/> by running <paramref name="writeContent"/> on a temporary file in the
    /// same directory, flushing it to disk and moving it into place; on any exception the temporary file is
    /// deleted, the existing file is untouched and the exception propagates.
    /// </summary>
    internal static void WriteAtomically(string path, Action<FileStream> writeContent)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(tempPath);
            }
            catch (IOException)
            {
                // The original exception matters more than a leftover temporary file.
            }
            catch (UnauthorizedAccessException)
            {
                // Likewise.
            }

            throw;
        }
    }

    private static SafeTensorEntry[] PrepareTensors(IReadOnlyList<SafeTensorEntry> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = new SafeTensorEntry[tensors.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = tensors[i] ?? throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
        }

        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Name == sorted[i - 1].Name)
            {
                throw new ArgumentException($"Two tensors are named '{sorted[i].Name}'; names must be unique.", nameof(tensors));
            }
        }

        return sorted;
    }

    private static byte[] BuildHeader(SafeTensorEntry[] sorted, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is not null && metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (pair.Key is null || pair.Value is null)
                    {
                        throw new ArgumentException($"Metadata key '{pair.Key}' has a null key or value.", nameof(metadata));
                    }

                    json.WriteString(pair.Key, pair.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (SafeTensorEntry tensor in sorted)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.ToHeaderString());
                json.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.ByteCount;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad with spaces so the data buffer starts 8-byte aligned (8 + N is a multiple of 8).
        int length = buffer.WrittenCount;
        int padded = (length + 7) & ~7;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    private static void WriteBody(Stream stream, byte[] header, SafeTensorEntry[] sorted)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (SafeTensorEntry tensor in sorted)
        {
            stream.Write(tensor.Data.Span);
        }
    }
}
