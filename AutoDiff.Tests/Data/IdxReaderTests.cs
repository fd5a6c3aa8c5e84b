using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_PlainLabels_ReturnsDimensionsAndBytes()
    {
        string path = _dir.File("labels-idx1-ubyte");
        File.WriteAllBytes(path, [0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x03, 7, 0, 9]);

        IdxFile file = IdxReader.Read(path);

        Assert.Equal(IdxDataType.UnsignedByte, file.DataType);
        Assert.Equal(0x00000801, file.MagicNumber);
        Assert.Equal([3], file.Dimensions);
        Assert.Equal(new byte[] { 7, 0, 9 }, file.Data);
        Assert.Equal(3, file.ElementCount);
    }

    [Fact]
    public void Read_PlainAndGzippedImages_GiveTheSameContents()
    {
        byte[] plain = IdxTestFiles.Images(2, 3, 4, i => (byte)(i * 10));
        string plainPath = _dir.File("images-idx3-ubyte");
        string gzPath = _dir.File("images-idx3-ubyte.gz");
        File.WriteAllBytes(plainPath, plain);
        File.WriteAllBytes(gzPath, IdxTestFiles.Gzip(plain));

        IdxFile a = IdxReader.Read(plainPath);
        IdxFile b = IdxReader.Read(gzPath);

        Assert.Equal([2, 3, 4], a.Dimensions);
        Assert.Equal([2, 3, 4], b.Dimensions);
        Assert.Equal(0x00000803, b.MagicNumber);
        Assert.Equal(a.Data, b.Data);
        Assert.Equal((byte)230, b.Data[23]);
    }

    [Fact]
    public void Read_CompressionDetectedByContent_NotByFileName()
    {
        byte[] plain = IdxTestFiles.Labels(1, 2, 3);
        string gzippedButNamedPlain = _dir.File("labels.idx");
        string plainButNamedGz = _dir.File("labels.idx.gz");
        File.WriteAllBytes(gzippedButNamedPlain, IdxTestFiles.Gzip(plain));
        File.WriteAllBytes(plainButNamedGz, plain);

        Assert.Equal(new byte[] { 1, 2, 3 }, IdxReader.Read(gzippedButNamedPlain).Data);
        Assert.Equal(new byte[] { 1, 2, 3 }, IdxReader.Read(plainButNamedGz).Data);
    }

    [Fact]
    public void Read_Int32Type_ReturnsBigEndianRawBytes()
    {
        byte[] bytes = IdxTestFiles.Build(0x00000C02, [1, 2], [0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFE]);

        IdxFile file = IdxReader.Read(new MemoryStream(bytes), "ints");

        Assert.Equal(IdxDataType.Int32, file.DataType);
        Assert.Equal([1, 2], file.Dimensions);
        Assert.Equal(2, file.ElementCount);
        Assert.Equal(256, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(file.Data));
    }

    [Theory]
    [InlineData(0x12345678u)]
    [InlineData(0x00000800u)] // no dimensions
    [InlineData(0x00000701u)] // unknown type code
    [InlineData(0x01000801u)] // first bytes must be zero
    public void Read_BadMagic_ThrowsNamingFileAndMagic(uint magic)
    {
        string path = _dir.File("bad-magic");
        File.WriteAllBytes(path, IdxTestFiles.Build(magic, [1], [0]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"0x{magic:X8}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadMagicInsideGzip_Throws()
    {
        string path = _dir.File("bad.gz");
        File.WriteAllBytes(path, IdxTestFiles.Gzip(IdxTestFiles.Build(0xDEADBEEF, [1], [0])));

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.Contains("0xDEADBEEF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsWithExpectedAndActualByteCounts()
    {
        byte[] full = IdxTestFiles.Images(2, 3, 4, i => (byte)i);
        string path = _dir.File("truncated-idx3-ubyte");
        File.WriteAllBytes(path, full[..^5]);

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("need 24 data bytes but 19", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExtraBytes_ThrowsWithExpectedAndActualByteCounts()
    {
        byte[] bytes = [.. IdxTestFiles.Labels(1, 2, 3), 99];

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), "extra"));

        Assert.Contains("need 3 data bytes but 4", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)] // magic for 3 dimensions, but only 1.5 dimension words
    public void Read_TruncatedHeader_Throws(int length)
    {
        byte[] bytes = IdxTestFiles.Images(1, 2, 2, i => 0)[..length];

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), "short"));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedGzipStream_Throws()
    {
        byte[] gz = IdxTestFiles.Gzip(IdxTestFiles.Images(4, 28, 28, i => (byte)(i * 7)));
        string path = _dir.File("cut.gz");
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(_dir.File("nope")));
    }
}
