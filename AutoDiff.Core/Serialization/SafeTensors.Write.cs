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
    /// deleted, the existing file is untouched and the exception propagates. After a successful write, temporary
    /// files that earlier writes of the same path left behind (a killed process cannot delete its own) are removed.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory, or writing failed (the message names <paramref name="path"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written (the message names <paramref name="path"/>).</exception>
    internal static void WriteAtomically(string path, Action<FileStream> writeContent)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string fileName = Path.GetFileName(fullPath);
        if (fileName.Length == 0 || Directory.Exists(fullPath))
        {
            throw new IOException($"Cannot save to '{path}': it is a directory; give a file name.");
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot save to '{path}': the directory '{directory}' does not exist.");
        }

        string tempPath = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}{TemporarySuffix}");
        FileStream stream;
        try
        {
            // FileShare.None also takes an advisory lock on Unix, which tells a later cleanup that the file is in use.
            stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NameThePath(path, ex);
        }

        try
        {
            using (stream)
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(tempPath, fullPath, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw NameThePath(path, ex);
            }
        }
        catch
        {
            DeleteQuietly(tempPath);
            throw;
        }

        RemoveAbandonedTemporaryFiles(directory, fileName);
    }

    /// <summary>The suffix of the temporary files writes go through (<c>.NAME.&lt;guid&gt;.tmp</c>, hidden on Unix).</summary>
    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Deletes the temporary files of earlier writes of <paramref name="fileName"/> whose writer is gone: those that can
    /// be opened exclusively. A write in progress holds its file with <see cref="FileShare.None"/> (on Unix an advisory
    /// lock), so it is skipped.
    /// </summary>
    private static void RemoveAbandonedTemporaryFiles(string directory, string fileName)
    {
        string prefix = $".{fileName}.";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, $".*{TemporarySuffix}").ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (string candidate in candidates)
        {
            string name = Path.GetFileName(candidate);
            if (name.Length != prefix.Length + 32 + TemporarySuffix.Length || !name.StartsWith(prefix, StringComparison.Ordinal)
                || !name.EndsWith(TemporarySuffix, StringComparison.Ordinal) || !Guid.TryParseExact(name.AsSpan(prefix.Length, 32), "N", out _))
            {
                continue;
            }

            try
            {
                using var claim = new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // In use by a write in progress, or not ours to delete.
            }
        }
    }

    /// <summary>A file-system error whose message names the user's path, not only the temporary file's.</summary>
    private static Exception NameThePath(string path, Exception ex) => ex is UnauthorizedAccessException
        ? new UnauthorizedAccessException($"Cannot save to '{path}': {ex.Message}", ex)
        : new IOException($"Cannot save to '{path}': {ex.Message}", ex);

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original exception matters more than a leftover temporary file; the next write removes it.
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
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> pair in metadata ?? new Dictionary<string, string>())
        {
            if (pair.Key is null || pair.Value is null)
            {
                throw new ArgumentException($"Metadata key '{pair.Key}' has a null key or value.", nameof(metadata));
            }

            if (pair.Key.StartsWith(ChecksumKeyPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Metadata key '{pair.Key}': keys starting with '{ChecksumKeyPrefix}' are reserved for the tensors' checksums.", nameof(metadata));
            }

            pairs.Add(pair);
        }

        // One checksum per tensor, so a reader can tell corrupt data from data that merely parses.
        pairs.AddRange(sorted.Select(t => KeyValuePair.Create(ChecksumKeyPrefix + t.Name, FormatChecksum(Crc32C.Compute(t.Data.Span)))));
        pairs.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (pairs.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> pair in pairs)
                {
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
