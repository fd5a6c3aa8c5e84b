using AutoDiff.Nn;
using AutoDiff.Serialization;
using AutoDiff.Tests.Data;
using AutoDiff.Tests.Serialization;

namespace AutoDiff.Tests.Nn;

/// <summary>
/// Checkpoints in PyTorch's <c>state_dict</c> layout, built byte by byte from the safetensors format description, and
/// checkpoint loading from damaged files.
/// </summary>
public sealed class CheckpointPyTorchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Sequential Model(ulong seed) => new(new Linear(2, 1, rng: new Rng(seed)), new BatchNorm1d(1));

    /// <summary>
    /// What <c>safetensors.torch.save_file(nn.Sequential(nn.Linear(2, 1), nn.BatchNorm1d(1)).state_dict())</c> writes
    /// for weight [[1, −2]], bias [0.5], γ = 2, β = −1, running mean 0.5, running variance 4 and 7 batches tracked:
    /// every float tensor F32 and the counter <c>num_batches_tracked</c> an I64 scalar.
    /// </summary>
    private static byte[] PyTorchStateDict() => SafeTensorsTestFiles.Build(
        """{"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[4,12]},"1.bias":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},"1.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[16,24]},"1.running_mean":{"dtype":"F32","shape":[1],"data_offsets":[24,28]},"1.running_var":{"dtype":"F32","shape":[1],"data_offsets":[28,32]},"1.weight":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}}""",
        [
            0x00, 0x00, 0x00, 0x3F,                         // 0.bias: 0.5f
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, // 0.weight: 1.0f, -2.0f
            0x00, 0x00, 0x80, 0xBF,                         // 1.bias: -1.0f
            0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 1.num_batches_tracked: 7L
            0x00, 0x00, 0x00, 0x3F,                         // 1.running_mean: 0.5f
            0x00, 0x00, 0x80, 0x40,                         // 1.running_var: 4.0f
            0x00, 0x00, 0x00, 0x40,                         // 1.weight: 2.0f
        ],
        padTo: 8);

    [Fact]
    public void Load_HandBuiltPyTorchStateDict_SetsEveryTensorAndGivesExpectedOutput()
    {
        var path = _dir.File("torch.safetensors");
        File.WriteAllBytes(path, PyTorchStateDict());
        var model = Model(3);
        Checkpoint.Load(model, path);

        var linear = (Linear)model[0];
        var bn = (BatchNorm1d)model[1];
        Assert.Equal([1.0, -2.0], linear.Weight.ToArray());
        Assert.Equal([0.5], linear.Bias!.ToArray());
        Assert.Equal(7, bn.NumBatchesTracked.Item());
        model.Eval();
        var y = model.Forward(Tensor.FromArray([1f, 1f], new Shape(1, 2)));
        // Linear: 1 − 2 + 0.5 = −0.5; batch norm: (−0.5 − 0.5) / √(4 + 1e-5) · 2 − 1.
        Assert.Equal((-1 / Math.Sqrt(4 + 1e-5) * 2) - 1, y.Item(), 6);
    }

    [Fact]
    public void Save_BatchNormCounter_IsAnInt64ScalarLikePyTorch_FloatsStayFloat()
    {
        var path = _dir.File("m.safetensors");
        var model = Model(1);
        model.Forward(Tensor.Randn(new Shape(4, 2), new Rng(2)));
        model.Forward(Tensor.Randn(new Shape(4, 2), new Rng(3)));
        Checkpoint.Save(model, path);

        var content = SafeTensors.Read(path);
        var counter = content["1.num_batches_tracked"];
        Assert.Equal(SafeTensorDType.I64, counter.DType);
        Assert.Empty(counter.Shape);
        Assert.Equal(2L, BitConverter.ToInt64(counter.Data.Span));
        Assert.Equal(SafeTensorDType.F32, content["1.running_var"].DType);

        var fresh = Model(9);
        Checkpoint.Load(fresh, path);
        Assert.Equal(2, ((BatchNorm1d)fresh[1]).NumBatchesTracked.Item());
        Assert.Equal(model.NamedTensors().Select(t => t.Tensor.ToArray()), fresh.NamedTensors().Select(t => t.Tensor.ToArray()));
    }

    [Fact]
    public void Load_CounterStoredAsFloat_ThrowsNamingTensorAndDTypes()
    {
        var entries = Checkpoint.ToEntries(Model(1)).ToList();
        var index = entries.FindIndex(e => e.Name == "1.num_batches_tracked");
        entries[index] = SafeTensorEntry.FromFloats("1.num_batches_tracked", [3f]);
        var path = _dir.File("bad.safetensors");
        SafeTensors.Write(path, entries);
        var target = Model(2);
        var before = target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, path));
        Assert.Contains("'1.num_batches_tracked'", e.Message, StringComparison.Ordinal);
        Assert.Contains("I64", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray());
    }

    public static TheoryData<string, int> Damage => new()
    {
        { "truncated", 0 },
        { "bad header", 1 },
        { "offsets out of range", 2 },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Load_DamagedFile_ThrowsInvalidDataNamingFile_AndLeavesModuleUntouched(string description, int kind)
    {
        var good = SafeTensors.Serialize(Checkpoint.ToEntries(Model(1)));
        var bytes = kind switch
        {
            0 => good[..^3],
            1 => SafeTensorsTestFiles.Build("{\"0.weight\":", []),
            _ => SafeTensorsTestFiles.Build("""{"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4000]}}""", [0, 0, 0, 0]),
        };
        var path = _dir.File("damaged.safetensors");
        File.WriteAllBytes(path, bytes);
        var target = Model(2);
        var before = target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, path));
        Assert.Contains("damaged.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray());
        Assert.False(string.IsNullOrEmpty(description));
    }
}
