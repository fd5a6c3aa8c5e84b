using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using AutoDiff.Serialization;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests.Serialization;

public sealed class SafeTensorsWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SafeTensorEntry[] SampleTensors() =>
    [
        SafeTensorEntry.FromFloats("layer1.weight", [1f, -2f, 3.5f, float.MaxValue, float.Epsilon, -0f], 2, 3),
        SafeTensorEntry.FromDoubles("layer1.bias", [Math.PI, -1e-300], 2),
        SafeTensorEntry.FromFloats("scale", [0.25f]),
    ];

    [Fact]
    public void WriteThenRead_F32F64AndMetadata_RoundTripExactly()
    {
        string path = _dir.File("model.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "héllo \"quoted\"" };

        SafeTensors.Write(path, SampleTensors(), metadata);
        SafeTensorsContent content = SafeTensors.Read(path);

        Assert.Equal(3, content.Count);
        Assert.Equal([1f, -2f, 3.5f, float.MaxValue, float.Epsilon, -0f], content["layer1.weight"].ToFloatArray());
        Assert.True(float.IsNegative(content["layer1.weight"].ToFloatArray()[5]));
        Assert.Equal([2L, 3L], content["layer1.weight"].Shape);
        Assert.Equal([Math.PI, -1e-300], content["layer1.bias"].ToDoubleArray());
        Assert.Empty(content["scale"].Shape);
        Assert.Equal([0.25f], content["scale"].ToFloatArray());
        Assert.Equal(metadata, content.Metadata);
    }

    [Fact]
    public void Serialize_HeaderIsAlignedSortedAndContiguous()
    {
        byte[] bytes = SafeTensors.Serialize(SampleTensors(), new Dictionary<string, string> { ["k"] = "v" });

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.StartsWith("{", header, StringComparison.Ordinal);
        Assert.Matches("} *$", header);
        using var json = JsonDocument.Parse(header);
        string[] keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["__metadata__", "layer1.bias", "layer1.weight", "scale"], keys);
        Assert.Equal(0, json.RootElement.GetProperty("layer1.bias").GetProperty("data_offsets")[0].GetInt64());
        Assert.Equal(16, json.RootElement.GetProperty("layer1.bias").GetProperty("data_offsets")[1].GetInt64());
        Assert.Equal(16, json.RootElement.GetProperty("layer1.weight").GetProperty("data_offsets")[0].GetInt64());
        Assert.Equal(40, json.RootElement.GetProperty("layer1.weight").GetProperty("data_offsets")[1].GetInt64());
        Assert.Equal("F32", json.RootElement.GetProperty("scale").GetProperty("dtype").GetString());
        Assert.Equal(8 + (long)headerLength + 44, bytes.Length);
        Assert.Equal(Math.PI, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 + (int)headerLength)));
    }

    [Fact]
    public void Serialize_TensorOrderDoesNotMatter_BytesAreIdentical()
    {
        SafeTensorEntry[] tensors = SampleTensors();
        var metadataA = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        var metadataB = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };

        byte[] first = SafeTensors.Serialize(tensors, metadataA);
        byte[] second = SafeTensors.Serialize(tensors.Reverse().ToArray(), metadataB);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_RawBytesOfOtherDTypes_RoundTrip()
    {
        var half = new SafeTensorEntry("h", SafeTensorDType.F16, [3], [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x00]);

        SafeTensorsContent content = SafeTensors.Read(SafeTensors.Serialize([half]));

        Assert.Equal(SafeTensorDType.F16, content["h"].DType);
        Assert.Equal(half.Data.ToArray(), content["h"].Data.ToArray());
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesItAndLeavesNoTempFile()
    {
        string path = _dir.File("model.safetensors");
        File.WriteAllText(path, "old contents");

        SafeTensors.Write(path, SampleTensors());

        Assert.Equal(["model.safetensors"], _dir.ListFileNames());
        Assert.Equal(3, SafeTensors.Read(path).Count);
    }

    [Fact]
    public void Write_DuplicateNames_ThrowsBeforeWritingAndKeepsPreviousFile()
    {
        string path = _dir.File("model.safetensors");
        SafeTensors.Write(path, SampleTensors());
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<ArgumentException>(() => SafeTensors.Write(path,
        [
            SafeTensorEntry.FromFloats("w", [1f], 1),
            SafeTensorEntry.FromFloats("w", [2f], 1),
        ]));

        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], _dir.ListFileNames());
    }

    [Fact]
    public void Write_NullMetadataValue_ThrowsAndKeepsPreviousFile()
    {
        string path = _dir.File("model.safetensors");
        SafeTensors.Write(path, SampleTensors());
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, SampleTensors(), new Dictionary<string, string> { ["k"] = null! }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], _dir.ListFileNames());
    }

    [Fact]
    public void WriteAtomically_FailureWhileWriting_KeepsPreviousFileAndDeletesTemp()
    {
        string path = _dir.File("model.safetensors");
        SafeTensors.Write(path, SampleTensors());
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<IOException>(() => SafeTensors.WriteAtomically(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal("disk full (simulated)", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], _dir.ListFileNames());
    }

    [Fact]
    public void WriteAtomically_FailureWithNoPreviousFile_LeavesNothing()
    {
        string path = _dir.File("new.safetensors");

        Assert.Throws<InvalidOperationException>(() => SafeTensors.WriteAtomically(path, _ => throw new InvalidOperationException()));

        Assert.Empty(_dir.ListFileNames());
    }

    [Fact]
    public void Write_MissingDirectory_ThrowsNamingTheUsersPathAndCreatesNothing()
    {
        string path = Path.Combine(_dir.Path, "no-such-dir", "model.safetensors");

        var ex = Assert.Throws<DirectoryNotFoundException>(() => SafeTensors.Write(path, SampleTensors()));

        Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.ListFileNames());
    }

    [Fact]
    public void Write_PathIsADirectory_ThrowsNamingTheUsersPath()
    {
        var ex = Assert.Throws<IOException>(() => SafeTensors.Write(_dir.Path, SampleTensors()));

        Assert.Contains($"'{_dir.Path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("directory", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AfterKilledWrites_RemovesTheirTemporaryFilesButNotOneInUse()
    {
        // What a killed save leaves: a hidden temporary file that no process holds open.
        string path = _dir.File("model.safetensors");
        string abandoned1 = _dir.File($".model.safetensors.{Guid.NewGuid():N}.tmp");
        string abandoned2 = _dir.File($".model.safetensors.{Guid.NewGuid():N}.tmp");
        string inUse = _dir.File($".model.safetensors.{Guid.NewGuid():N}.tmp");
        string otherFile = _dir.File($".other.safetensors.{Guid.NewGuid():N}.tmp");
        string notOurs = _dir.File(".model.safetensors.notes.tmp");
        foreach (string file in new[] { abandoned1, abandoned2, inUse, otherFile, notOurs })
        {
            File.WriteAllBytes(file, new byte[100]);
        }

        using (new FileStream(inUse, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            SafeTensors.Write(path, SampleTensors());
            Assert.True(File.Exists(inUse), "a write in progress (file held open) must be left alone");
        }

        Assert.False(File.Exists(abandoned1));
        Assert.False(File.Exists(abandoned2));
        Assert.True(File.Exists(otherFile), "temporary files of other paths are theirs to clean");
        Assert.True(File.Exists(notOurs), "only names of the writer's own pattern are removed");
        Assert.Equal(3, SafeTensors.Read(path).Count);
    }

    [Fact]
    public void Write_ReservedChecksumMetadataKey_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(SampleTensors(), new Dictionary<string, string> { ["crc32c:scale"] = "00000000" }));

        Assert.Contains("reserved", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_StoresOneCrc32CPerTensorInMetadata()
    {
        byte[] bytes = SafeTensors.Serialize(SampleTensors());

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        JsonElement metadata = json.RootElement.GetProperty("__metadata__");
        Assert.Equal(["crc32c:layer1.bias", "crc32c:layer1.weight", "crc32c:scale"], metadata.EnumerateObject().Select(p => p.Name).ToArray());

        // 0.25f is 00 00 80 3E little-endian; its CRC-32C, as any CRC-32C tool computes it.
        Assert.Equal("2f3f47a8", metadata.GetProperty("crc32c:scale").GetString());
    }

    [Fact]
    public void Entry_DataLengthNotMatchingShape_ThrowsBeforeAnythingIsWritten()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SafeTensorEntry("w", SafeTensorDType.F32, [2, 2], new byte[12]));

        Assert.Contains("needs 16 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_ValueCountNotMatchingShape_Throws()
    {
        Assert.Throws<ArgumentException>(() => SafeTensorEntry.FromFloats("w", [1f, 2f, 3f], 2, 2));
        Assert.Throws<ArgumentException>(() => SafeTensorEntry.FromDoubles("w", [1.0], -1));
    }

    [Fact]
    public void Entry_ReservedOrEmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => SafeTensorEntry.FromFloats("__metadata__", [1f], 1));
        Assert.Throws<ArgumentException>(() => SafeTensorEntry.FromFloats("", [1f], 1));
    }

    [Fact]
    public void Entry_CopiesItsInput()
    {
        float[] values = [1f, 2f];
        var entry = SafeTensorEntry.FromFloats("w", values, 2);

        values[0] = 99f;

        Assert.Equal([1f, 2f], entry.ToFloatArray());
    }
}
