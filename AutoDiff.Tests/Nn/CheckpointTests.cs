using AutoDiff.Nn;
using AutoDiff.Serialization;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests.Nn;

/// <summary>Checkpoints: round trips and every kind of mismatch, which must leave the module untouched.</summary>
public class CheckpointTests
{
    private static Sequential Model(ulong seed) => new(
        new Conv2d(1, 2, 3, padding: 1, rng: new Rng(seed)),
        new BatchNorm2d(2),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        Mlp.Create([8, 5, 3], batchNorm: true, rng: new Rng(seed + 1)));

    private static Tensor Input => Tensor.Randn(new Shape(4, 1, 4, 4), new Rng(99));

    [Fact]
    public void SaveLoad_FreshModelWithOtherSeed_GivesIdenticalOutputs()
    {
        using var dir = new TempDirectory();
        var model = Model(1);
        model.Forward(Input); // moves the batch-norm running statistics away from their defaults
        model.Eval();
        var expected = model.Forward(Input).ToArray();
        Checkpoint.Save(model, dir.File("model.safetensors"));

        var other = Model(50).Eval();
        Assert.NotEqual(expected, other.Forward(Input).ToArray());
        Checkpoint.Load(other, dir.File("model.safetensors"));
        Assert.Equal(expected, other.Forward(Input).ToArray());

        var names = SafeTensors.Read(dir.File("model.safetensors")).Names.ToHashSet();
        Assert.Contains("0.weight", names);
        Assert.Contains("1.running_mean", names);
        Assert.Contains("5.1.running_var", names);
        Assert.Equal(model.NamedTensors().Count(), names.Count);
    }

    [Fact]
    public void SaveLoad_Float64Model_RoundTripsExactly()
    {
        using var dir = new TempDirectory();
        var a = Mlp.Create([3, 4, 2], dtype: DType.Float64, rng: new Rng(1));
        var b = Mlp.Create([3, 4, 2], dtype: DType.Float64, rng: new Rng(2));
        Checkpoint.Save(a, dir.File("m.safetensors"));
        Checkpoint.Load(b, dir.File("m.safetensors"));
        Assert.Equal(a.Parameters().SelectMany(p => p.ToArray()), b.Parameters().SelectMany(p => p.ToArray()));
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "missing", "5.3.bias" },
        { "extra", "5.9.weight" },
        { "shape", "0.weight" },
        { "dtype", "1.running_var" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Load_Mismatch_ThrowsNamingTensor_AndLeavesModuleUntouched(string kind, string tensorName)
    {
        using var dir = new TempDirectory();
        var entries = Checkpoint.ToEntries(Model(1)).ToList();
        var index = entries.FindIndex(e => e.Name == tensorName);
        switch (kind)
        {
            case "missing":
                entries.RemoveAt(index);
                break;
            case "extra":
                entries.Add(SafeTensorEntry.FromFloats(tensorName, [1f, 2f], 2));
                break;
            case "shape":
                var values = entries[index].ToFloatArray();
                entries[index] = SafeTensorEntry.FromFloats(tensorName, values, 2, values.Length / 2);
                break;
            default:
                entries[index] = SafeTensorEntry.FromDoubles(tensorName, entries[index].ToFloatArray().Select(v => (double)v).ToArray(), [.. entries[index].Shape]);
                break;
        }

        SafeTensors.Write(dir.File("bad.safetensors"), entries);
        var target = Model(7);
        var before = target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, dir.File("bad.safetensors")));
        Assert.Contains($"'{tensorName}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(kind switch { "missing" => "missing", "extra" => "unexpected", "shape" => "shape", _ => "dtype" }, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray());
    }
}
