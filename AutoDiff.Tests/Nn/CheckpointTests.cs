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

    [Fact]
    public void Load_Float32FileIntoFloat64Model_WithoutConversion_ThrowsNamingBothDTypesAndTheOption()
    {
        using var dir = new TempDirectory();
        Checkpoint.Save(Mlp.Create([3, 4, 2], rng: new Rng(1)), dir.File("f32.safetensors"));
        var target = Mlp.Create([3, 4, 2], dtype: DType.Float64, rng: new Rng(2));
        var before = target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray();

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, dir.File("f32.safetensors")));

        Assert.Contains("F32", e.Message, StringComparison.Ordinal);
        Assert.Contains("F64", e.Message, StringComparison.Ordinal);
        Assert.Contains("convertDType", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray());
    }

    [Fact]
    public void Load_Float32FileIntoFloat64Model_WithConversion_LoadsExactValues()
    {
        using var dir = new TempDirectory();
        var source = Model(1);
        source.Forward(Input);
        Checkpoint.Save(source, dir.File("f32.safetensors"));
        var target = Model(2).To(DType.Float64);

        Checkpoint.Load(target, dir.File("f32.safetensors"), convertDType: true);

        Assert.All(target.NamedTensors(), t => Assert.Equal(DType.Float64, t.Tensor.DType));
        Assert.Equal(source.NamedTensors().Select(t => t.Tensor.ToArray()), target.NamedTensors().Select(t => t.Tensor.ToArray()));
    }

    [Fact]
    public void Load_Float64FileIntoFloat32Model_WithConversion_RoundsToNearest()
    {
        using var dir = new TempDirectory();
        var source = Mlp.Create([3, 4, 2], dtype: DType.Float64, rng: new Rng(1));
        Checkpoint.Save(source, dir.File("f64.safetensors"));
        var target = Mlp.Create([3, 4, 2], rng: new Rng(2));

        Checkpoint.Load(target, dir.File("f64.safetensors"), convertDType: true);

        Assert.Equal(source.Parameters().SelectMany(p => p.ToFloatArray()), target.Parameters().SelectMany(p => p.ToFloatArray()));
    }

    [Fact]
    public void Save_MissingDirectory_ThrowsNamingTheUsersPath()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "no-such-dir", "model.safetensors");

        var e = Assert.Throws<DirectoryNotFoundException>(() => Checkpoint.Save(Model(1), path));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Directory_ThrowsNamingTheUsersPath()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<IOException>(() => Checkpoint.Load(Model(1), dir.Path));

        Assert.Contains($"'{dir.Path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("directory", e.Message, StringComparison.Ordinal);
    }
}
