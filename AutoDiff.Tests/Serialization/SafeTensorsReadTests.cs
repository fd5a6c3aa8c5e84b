using AutoDiff.Serialization;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests.Serialization;

public sealed class SafeTensorsReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A file written by hand from the spec: F32 2×2 "weight" holding [1, −2, 0.5, 3] and F64 "bias" holding
    /// [1.5, −0.25], with metadata, header listed out of order and padded with spaces to a multiple of 8.
    /// </summary>
    private static byte[] HandBuiltFile() => SafeTensorsTestFiles.Build(
        """{"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"format":"pt","epoch":"3"},"bias":{"shape":[2],"dtype":"F64","data_offsets":[16,32]}}""",
        [
            0x00, 0x00, 0x80, 0x3F, // 1.0f   = 0x3F800000
            0x00, 0x00, 0x00, 0xC0, // -2.0f  = 0xC0000000
            0x00, 0x00, 0x00, 0x3F, // 0.5f   = 0x3F000000
            0x00, 0x00, 0x40, 0x40, // 3.0f   = 0x40400000
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F, // 1.5   = 0x3FF8000000000000
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD0, 0xBF, // -0.25 = 0xBFD0000000000000
        ],
        padTo: 8);

    [Fact]
    public void Read_HandBuiltFileFromSpec_ReturnsTensorsAndMetadata()
    {
        SafeTensorsContent content = SafeTensors.Read(HandBuiltFile());

        Assert.Equal(2, content.Count);
        Assert.Equal(["weight", "bias"], content.Names); // storage order
        SafeTensorEntry weight = content["weight"];
        Assert.Equal(SafeTensorDType.F32, weight.DType);
        Assert.Equal([2L, 2L], weight.Shape);
        Assert.Equal(4, weight.ElementCount);
        Assert.Equal([1f, -2f, 0.5f, 3f], weight.ToFloatArray());
        SafeTensorEntry bias = content["bias"];
        Assert.Equal(SafeTensorDType.F64, bias.DType);
        Assert.Equal([2], bias.GetShapeAsInt32());
        Assert.Equal([1.5, -0.25], bias.ToDoubleArray());
        Assert.Equal("pt", content.Metadata["format"]);
        Assert.Equal("3", content.Metadata["epoch"]);
    }

    [Fact]
    public void Read_MatchingChecksum_LoadsAndKeepsItOutOfMetadata()
    {
        byte[] file = SafeTensorsTestFiles.Build("""{"__metadata__":{"crc32c:w":"8c28b28a","note":"x"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", new byte[8]);

        SafeTensorsContent content = SafeTensors.Read(file);

        Assert.Equal([0f, 0f], content["w"].ToFloatArray());
        Assert.Equal(new Dictionary<string, string> { ["note"] = "x" }, content.Metadata);
    }

    [Fact]
    public void Read_FlippedDataBit_ThrowsNamingTheTensor()
    {
        byte[] file = SafeTensors.Serialize([SafeTensorEntry.FromFloats("a", [1f, 2f], 2), SafeTensorEntry.FromFloats("b", [3f], 1)]);
        file[^2] ^= 0x40; // a bit of b's exponent: still a valid float, now a wrong one

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(file, "model.safetensors"));

        Assert.Contains("'model.safetensors'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'b' fails its checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Directory_ThrowsNamingTheUsersPath()
    {
        var ex = Assert.Throws<IOException>(() => SafeTensors.Read(_dir.Path));

        Assert.Contains($"'{_dir.Path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FromPathAndFromStreams_GiveTheSameContent()
    {
        byte[] bytes = HandBuiltFile();
        string path = _dir.File("model.safetensors");
        File.WriteAllBytes(path, bytes);

        SafeTensorsContent fromPath = SafeTensors.Read(path);
        SafeTensorsContent fromStream = SafeTensors.Read(new MemoryStream(bytes));
        SafeTensorsContent fromNonSeekable = SafeTensors.Read(new NonSeekableStream(bytes));

        foreach (SafeTensorsContent content in new[] { fromPath, fromStream, fromNonSeekable })
        {
            Assert.Equal([1f, -2f, 0.5f, 3f], content["weight"].ToFloatArray());
            Assert.Equal([1.5, -0.25], content["bias"].ToDoubleArray());
        }
    }

    [Fact]
    public void Read_ScalarAndZeroSizedTensors()
    {
        byte[] bytes = SafeTensorsTestFiles.Build(
            """{"empty":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},"scalar":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}""",
            BitConverter.GetBytes(2.5));

        SafeTensorsContent content = SafeTensors.Read(bytes);

        Assert.Empty(content["empty"].ToFloatArray());
        Assert.Equal([0L, 3L], content["empty"].Shape);
        Assert.Empty(content["scalar"].Shape);
        Assert.Equal(1, content["scalar"].ElementCount);
        Assert.Equal([2.5], content["scalar"].ToDoubleArray());
    }

    [Fact]
    public void Read_NoTensors_GivesEmptyContent()
    {
        SafeTensorsContent content = SafeTensors.Read(SafeTensorsTestFiles.Build("{}", [], padTo: 8));

        Assert.Equal(0, content.Count);
        Assert.Empty(content.Metadata);
    }

    [Fact]
    public void Read_OtherDTypes_AreKeptAsRawBytes()
    {
        byte[] bytes = SafeTensorsTestFiles.Build(
            """{"h":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"i":{"dtype":"I64","shape":[1],"data_offsets":[4,12]},"m":{"dtype":"BOOL","shape":[3],"data_offsets":[12,15]}}""",
            [0x80, 0x3F, 0x00, 0xC0, 7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]);

        SafeTensorsContent content = SafeTensors.Read(bytes);

        Assert.Equal(SafeTensorDType.BF16, content["h"].DType);
        Assert.Equal(new byte[] { 0x80, 0x3F, 0x00, 0xC0 }, content["h"].Data.ToArray());
        Assert.Equal(SafeTensorDType.I64, content["i"].DType);
        Assert.Equal(8, content["i"].ByteCount);
        Assert.Equal(SafeTensorDType.Bool, content["m"].DType);
        var ex = Assert.Throws<InvalidOperationException>(() => content["h"].ToFloatArray());
        Assert.Contains("BF16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedAccessor_WrongFloatType_ThrowsAndSuggestsTheOther()
    {
        SafeTensorsContent content = SafeTensors.Read(HandBuiltFile());

        var ex = Assert.Throws<InvalidOperationException>(() => content["bias"].ToFloatArray());

        Assert.Contains("'bias'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ToDoubleArray", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => content["weight"].ToDoubleArray());
    }

    [Fact]
    public void Indexer_UnknownName_ListsTheNamesPresent()
    {
        SafeTensorsContent content = SafeTensors.Read(HandBuiltFile());

        var ex = Assert.Throws<KeyNotFoundException>(() => content["nope"]);

        Assert.Contains("'weight'", ex.Message, StringComparison.Ordinal);
        Assert.False(content.Contains("nope"));
        Assert.True(content.TryGetTensor("bias", out _));
    }

    private sealed class NonSeekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 5));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
