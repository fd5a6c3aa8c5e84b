using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace AutoDiff.Serialization;

public static partial class SafeTensors
{
    /// <summary>Reads and validates the safetensors file at <paramref name="path"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>All tensors and the metadata, only if every check passed.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory.</exception>
    /// <exception cref="InvalidDataException">
    /// The file breaks the format, or a tensor's data does not match its stored checksum; the message names the file and the tensor.
    /// </exception>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"Cannot read safetensors file '{path}': it is a directory.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadCore(stream, stream.Length, path);
    }

    /// <summary>Reads and validates safetensors data held in memory.</summary>
    /// <param name="bytes">The complete file contents.</param>
    /// <param name="sourceName">A name for the data used in error messages.</param>
    /// <returns>All tensors and the metadata, only if every check passed.</returns>
    /// <exception cref="InvalidDataException">The data breaks the format.</exception>
    public static SafeTensorsContent Read(byte[] bytes, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadCore(stream, bytes.Length, sourceName ?? "<bytes>");
    }

    /// <summary>Reads and validates safetensors data from <paramref name="stream"/>, to its end; the stream is left open.</summary>
    /// <param name="stream">The stream, positioned at the start of the file.</param>
    /// <param name="sourceName">A name for the data used in error messages.</param>
    /// <returns>All tensors and the metadata, only if every check passed.</returns>
    /// <exception cref="InvalidDataException">The data breaks the format.</exception>
    public static SafeTensorsContent Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = sourceName ?? "<stream>";
        if (stream.CanSeek)
        {
            return ReadCore(stream, stream.Length - stream.Position, source);
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return ReadCore(copy, copy.Length, source);
    }

    private static SafeTensorsContent ReadCore(Stream stream, long length, string source)
    {
        if (length < 8)
        {
            throw Bad(source, $"the file has {length} bytes, fewer than the 8-byte header-length prefix.");
        }

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, source);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(length - 8))
        {
            throw Bad(source, $"the header length is {headerLength} bytes but only {length - 8} bytes follow the prefix (truncated file?).");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw Bad(source, $"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes.");
        }

        var header = new byte[(int)headerLength];
        ReadExactly(stream, header, source);
        long bufferLength = length - 8 - (long)headerLength;
        (TensorInfo[] infos, Dictionary<string, string> metadata) = ParseHeader(header, bufferLength, source);
        Dictionary<string, uint> checksums = TakeChecksums(metadata, infos.Select(i => i.Name).ToHashSet(StringComparer.Ordinal), source);

        // Every header check has passed; the data is read in storage order, which tiles the buffer exactly, and
        // each tensor with a stored checksum is verified before anything is returned.
        var entries = new SafeTensorEntry[infos.Length];
        for (int i = 0; i < infos.Length; i++)
        {
            TensorInfo info = infos[i];
            var data = new byte[info.End - info.Begin];
            ReadExactly(stream, data, source);
            if (checksums.TryGetValue(info.Name, out uint crc))
            {
                VerifyChecksum(info.Name, data, crc, source);
            }

            entries[i] = SafeTensorEntry.CreateValidated(info.Name, info.DType, info.Shape, data);
        }

        return new SafeTensorsContent(entries, metadata);
    }

    private static (TensorInfo[] Tensors, Dictionary<string, string> Metadata) ParseHeader(
        byte[] header, long bufferLength, string source)
    {
        if (!Utf8.IsValid(header))
        {
            throw Bad(source, "the header is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw Bad(source, $"the header is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(source, $"the header must be a JSON object but is {Describe(root.ValueKind)}.");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var tensors = new List<TensorInfo>();
            Dictionary<string, string>? metadata = null;
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Bad(source, property.Name == MetadataKey
                        ? $"the header has two '{MetadataKey}' entries."
                        : $"tensor '{property.Name}' appears twice in the header.");
                }

                if (property.Name == MetadataKey)
                {
                    metadata = ParseMetadata(property.Value, source);
                }
                else
                {
                    tensors.Add(ParseTensor(property.Name, property.Value, bufferLength, source));
                }
            }

            TensorInfo[] sorted = [.. tensors];
            Array.Sort(sorted, static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckTiling(sorted, bufferLength, source);
            return (sorted, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
        }
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad(source, $"'{MetadataKey}' must be an object of strings but is {Describe(value.ValueKind)}.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty pair in value.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                throw Bad(source, $"'{MetadataKey}' entry '{pair.Name}' must be a string but is {Describe(pair.Value.ValueKind)}.");
            }

            if (!metadata.TryAdd(pair.Name, pair.Value.GetString()!))
            {
                throw Bad(source, $"'{MetadataKey}' has two entries named '{pair.Name}'.");
            }
        }

        return metadata;
    }

    private static TensorInfo ParseTensor(string name, JsonElement value, long bufferLength, string source)
    {
        if (name.Length == 0)
        {
            throw Bad(source, "a tensor has an empty name.");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad(source, $"tensor '{name}' must be an object with dtype, shape and data_offsets but is {Describe(value.ValueKind)}.");
        }

        JsonElement? dtypeElement = null;
        JsonElement? shapeElement = null;
        JsonElement? offsetsElement = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeElement;
            switch (field.Name)
            {
                case "dtype":
                    slot = ref dtypeElement;
                    break;
                case "shape":
                    slot = ref shapeElement;
                    break;
                case "data_offsets":
                    slot = ref offsetsElement;
                    break;
                default:
                    throw Bad(source, $"tensor '{name}' has unknown field '{field.Name}'; expected dtype, shape and data_offsets.");
            }

            if (slot is not null)
            {
                throw Bad(source, $"tensor '{name}' has field '{field.Name}' twice.");
            }

            slot = field.Value;
        }

        if (dtypeElement is not JsonElement dtypeValue)
        {
            throw Bad(source, $"tensor '{name}' is missing 'dtype'.");
        }

        if (shapeElement is not JsonElement shapeValue)
        {
            throw Bad(source, $"tensor '{name}' is missing 'shape'.");
        }

        if (offsetsElement is not JsonElement offsetsValue)
        {
            throw Bad(source, $"tensor '{name}' is missing 'data_offsets'.");
        }

        if (dtypeValue.ValueKind != JsonValueKind.String)
        {
            throw Bad(source, $"tensor '{name}' has a dtype that is {Describe(dtypeValue.ValueKind)}, not a string.");
        }

        string dtypeText = dtypeValue.GetString()!;
        if (!SafeTensorDTypes.TryParse(dtypeText, out SafeTensorDType? parsed))
        {
            throw Bad(source, $"tensor '{name}' has unknown dtype '{dtypeText}'.");
        }

        SafeTensorDType dtype = parsed.Value;
        long[] shape = ReadIntegers(shapeValue, name, "shape", "dimension", source);
        long[] offsets = ReadIntegers(offsetsValue, name, "data_offsets", "offset", source);
        if (offsets.Length != 2)
        {
            throw Bad(source, $"tensor '{name}' has {offsets.Length} data_offsets; expected exactly two, [begin, end].");
        }

        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end)
        {
            throw Bad(source, $"tensor '{name}' has data_offsets [{begin}, {end}] with begin > end.");
        }

        if (end > bufferLength)
        {
            throw Bad(source, $"tensor '{name}' has data_offsets [{begin}, {end}] beyond the {bufferLength}-byte data buffer.");
        }

        long expected;
        try
        {
            expected = SafeTensorEntry.ByteCountOf(name, dtype, shape);
        }
        catch (ArgumentException ex)
        {
            throw Bad(source, ex.Message, ex);
        }

        if (end - begin != expected)
        {
            throw Bad(source,
                $"tensor '{name}' has {end - begin} bytes (data_offsets [{begin}, {end}]) but shape " +
                $"[{string.Join(", ", shape)}] of {dtypeText} needs {expected} bytes.");
        }

        if (expected > Array.MaxLength)
        {
            throw Bad(source, $"tensor '{name}' has {expected} bytes, more than one array can hold ({Array.MaxLength}).");
        }

        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(JsonElement array, string name, string field, string what, string source)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Bad(source, $"tensor '{name}' has a {field} that is {Describe(array.ValueKind)}, not an array of integers.");
        }

        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value))
            {
                throw Bad(source, $"tensor '{name}' has {field}[{i}] = {item.GetRawText()}, not an integer.");
            }

            if (value < 0)
            {
                throw Bad(source, $"tensor '{name}' has negative {what} {value} in {field}.");
            }

            values[i++] = value;
        }

        return values;
    }

    private static void CheckTiling(TensorInfo[] sorted, long bufferLength, string source)
    {
        long position = 0;
        string? previous = null;
        foreach (TensorInfo info in sorted)
        {
            if (info.Begin < position)
            {
                throw Bad(source,
                    $"tensor '{info.Name}' (bytes [{info.Begin}, {info.End})) overlaps tensor '{previous}', which ends at byte {position}.");
            }

            if (info.Begin > position)
            {
                throw Bad(source,
                    $"tensor '{info.Name}' starts at byte {info.Begin}, leaving a gap of {info.Begin - position} unused bytes " +
                    (previous is null ? "at the start of the data buffer." : $"after tensor '{previous}'."));
            }

            position = info.End;
            previous = info.Name;
        }

        if (position != bufferLength)
        {
            throw Bad(source,
                $"the tensors cover {position} bytes but the data buffer holds {bufferLength}; " +
                $"{bufferLength - position} trailing bytes belong to no tensor.");
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw Bad(source, "the file ended early (was it changed while being read?).", ex);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static InvalidDataException Bad(string source, string message, Exception? inner = null) =>
        new($"Invalid safetensors data in '{source}': {message}", inner);

    private readonly record struct TensorInfo(string Name, SafeTensorDType DType, long[] Shape, long Begin, long End);
}
