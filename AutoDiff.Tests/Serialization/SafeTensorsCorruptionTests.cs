using System.Text;
using AutoDiff.Serialization;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests.Serialization;

public sealed class SafeTensorsCorruptionTests : IDisposable
{
    private const string W8 = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Each case: a description, the corrupt file, and a fragment the error message must contain.</summary>
    public static TheoryData<string, byte[], string> CorruptFiles()
    {
        byte[] eight = SafeTensorsTestFiles.Zeros(8);
        byte[] valid = SafeTensorsTestFiles.Build(W8, eight);
        return new TheoryData<string, byte[], string>
        {
            { "empty file", [], "fewer than the 8-byte" },
            { "seven bytes", [1, 0, 0, 0, 0, 0, 0], "fewer than the 8-byte" },
            { "truncated data", valid[..^3], "beyond the 5-byte data buffer" },
            { "truncated header", valid[..20], "only 12 bytes follow" },
            { "header length larger than file", SafeTensorsTestFiles.BuildRaw(1000, Encoding.UTF8.GetBytes(W8), eight), "header length is 1000" },
            { "header length huge", SafeTensorsTestFiles.BuildRaw(ulong.MaxValue, Encoding.UTF8.GetBytes(W8), eight), "header length is" },
            { "zero header length", SafeTensorsTestFiles.BuildRaw(0, [], eight), "not valid JSON" },
            { "header not JSON", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32",""", eight), "not valid JSON" },
            { "header with trailing comma", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},}""", eight), "not valid JSON" },
            { "header an array", SafeTensorsTestFiles.Build("[1,2]", eight), "must be a JSON object but is an array" },
            { "header invalid UTF-8", SafeTensorsTestFiles.BuildRaw(4, [(byte)'{', 0xFF, 0xFE, (byte)'}'], eight), "not valid UTF-8" },
            { "entry not an object", SafeTensorsTestFiles.Build("""{"w":[1,2]}""", eight), "tensor 'w' must be an object" },
            { "missing dtype", SafeTensorsTestFiles.Build("""{"w":{"shape":[2],"data_offsets":[0,8]}}""", eight), "tensor 'w' is missing 'dtype'" },
            { "missing shape", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", eight), "tensor 'w' is missing 'shape'" },
            { "missing data_offsets", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2]}}""", eight), "tensor 'w' is missing 'data_offsets'" },
            { "unknown dtype", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}""", eight), "tensor 'w' has unknown dtype 'F31'" },
            { "lower-case dtype", SafeTensorsTestFiles.Build("""{"w":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}}""", eight), "unknown dtype 'f32'" },
            { "dtype not a string", SafeTensorsTestFiles.Build("""{"w":{"dtype":32,"shape":[2],"data_offsets":[0,8]}}""", eight), "tensor 'w' has a dtype that is a number" },
            { "negative dimension", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", eight), "tensor 'w' has negative dimension -2" },
            { "fractional dimension", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", eight), "tensor 'w' has shape[0] = 2.5" },
            { "shape not an array", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":2,"data_offsets":[0,8]}}""", eight), "tensor 'w' has a shape that is a number" },
            { "shape overflows", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""", eight), "overflows" },
            { "offsets out of range", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", eight), "tensor 'w' has data_offsets [8, 16] beyond the 8-byte data buffer" },
            { "negative offset", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}""", eight), "tensor 'w' has negative offset -8" },
            { "begin after end", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", eight), "tensor 'w' has data_offsets [8, 0] with begin > end" },
            { "three offsets", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}""", eight), "tensor 'w' has 3 data_offsets" },
            { "wrong byte count", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", eight), "tensor 'w' has 8 bytes (data_offsets [0, 8]) but shape [2] of F64 needs 16 bytes" },
            {
                "overlapping tensors",
                SafeTensorsTestFiles.Build("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight),
                "tensor 'b' (bytes [4, 8)) overlaps tensor 'a'"
            },
            {
                "gap between tensors",
                SafeTensorsTestFiles.Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", SafeTensorsTestFiles.Zeros(12)),
                "tensor 'b' starts at byte 8, leaving a gap of 4 unused bytes after tensor 'a'"
            },
            { "gap at start", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight), "gap of 4 unused bytes at the start" },
            { "trailing bytes", SafeTensorsTestFiles.Build(W8, SafeTensorsTestFiles.Zeros(12)), "4 trailing bytes belong to no tensor" },
            {
                "duplicate names",
                SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight),
                "tensor 'w' appears twice"
            },
            { "duplicate field", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "tensor 'w' has field 'dtype' twice" },
            { "unknown field", SafeTensorsTestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"stride":[1]}}""", eight), "tensor 'w' has unknown field 'stride'" },
            { "metadata not an object", SafeTensorsTestFiles.Build("""{"__metadata__":"pt","w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "'__metadata__' must be an object" },
            { "metadata value not a string", SafeTensorsTestFiles.Build("""{"__metadata__":{"epoch":3},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "'__metadata__' entry 'epoch' must be a string" },
            { "duplicate metadata", SafeTensorsTestFiles.Build("""{"__metadata__":{},"__metadata__":{},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "two '__metadata__' entries" },
            { "checksum mismatch", SafeTensorsTestFiles.Build("""{"__metadata__":{"crc32c:w":"00000001"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "tensor 'w' fails its checksum" },
            { "checksum of a missing tensor", SafeTensorsTestFiles.Build("""{"__metadata__":{"crc32c:v":"8ac8f3a8"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "checksum for tensor 'v', which the file does not have" },
            { "checksum not hex", SafeTensorsTestFiles.Build("""{"__metadata__":{"crc32c:w":"8AC8F3A8"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "the checksum of tensor 'w' is '8AC8F3A8'" },
            { "checksum too short", SafeTensorsTestFiles.Build("""{"__metadata__":{"crc32c:w":"8ac8f3a"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "not 8 lower-case hex digits" },
            { "empty tensor name", SafeTensorsTestFiles.Build("""{"":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", eight), "empty name" },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Read_CorruptBytes_ThrowsInvalidDataNamingTheProblem(string description, byte[] bytes, string expectedMessage)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(bytes, sourceName: description));

        Assert.Contains(expectedMessage, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{description}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Read_CorruptFile_ThrowsInvalidDataNamingTheFile(string description, byte[] bytes, string expectedMessage)
    {
        string path = _dir.File(description.Replace(' ', '-') + ".safetensors");
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains(expectedMessage, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryPrefixOfAValidFile_ThrowsInvalidData()
    {
        byte[] valid = SafeTensors.Serialize(
        [
            SafeTensorEntry.FromFloats("a", [1f, 2f, 3f], 3),
            SafeTensorEntry.FromDoubles("b", [4.0, 5.0], 2, 1),
        ]);

        for (int length = 0; length < valid.Length; length++)
        {
            byte[] prefix = valid[..length];
            Assert.Throws<InvalidDataException>(() => SafeTensors.Read(prefix));
        }

        Assert.Equal(2, SafeTensors.Read(valid).Count);
    }
}
