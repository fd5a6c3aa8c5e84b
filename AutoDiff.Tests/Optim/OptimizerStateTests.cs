using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Serialization;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests.Optim;

public sealed class OptimizerStateTests
{
    private static Sequential Model() => Mlp.Create([6, 5, 3], Activation.Tanh, rng: new Rng(4));

    private static void Train(Module model, Optimizer optimizer, int from, int to)
    {
        var x = Tensor.Randn(new Shape(8, 6), seed: 9);
        for (var s = from; s < to; s++)
        {
            using var tape = Tape.Record();
            var labels = Enumerable.Range(0, 8).Select(i => (i + s) % 3).ToArray();
            Losses.SoftmaxCrossEntropy(model.Forward(x), labels).Backward();
            optimizer.Step();
            optimizer.ZeroGrad();
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    [InlineData("nadam")]
    public void SaveLoad_MidRun_ResumesBitIdentically(string name)
    {
        using var dir = new TempDirectory();
        Optimizer Make(Module m) => name switch
        {
            "adam" => new AdamW(m.Parameters(), 0.01, amsgrad: true),
            "sgd" => new Sgd(m.Parameters(), 0.1, momentum: 0.9, nesterov: true),
            _ => new NAdam(m.Parameters(), 0.01),
        };

        var straight = Model();
        var straightOptimizer = Make(straight);
        Train(straight, straightOptimizer, 0, 10);

        var first = Model();
        var firstOptimizer = Make(first);
        Train(first, firstOptimizer, 0, 4);
        Checkpoint.Save(first, dir.File("model.safetensors"));
        firstOptimizer.SaveState(dir.File("optimizer.safetensors"), first);

        var resumed = Model();
        var resumedOptimizer = Make(resumed);
        Checkpoint.Load(resumed, dir.File("model.safetensors"));
        resumedOptimizer.LoadState(dir.File("optimizer.safetensors"), resumed);
        Assert.Equal(4, resumedOptimizer.StepCount);
        Train(resumed, resumedOptimizer, 4, 10);

        foreach (var ((_, a), (_, b)) in straight.NamedParameters().Zip(resumed.NamedParameters()))
        {
            Assert.Equal(a.ToFloatArray(), b.ToFloatArray());
        }
    }

    [Fact]
    public void SaveState_NamesEntriesByParameterName()
    {
        using var dir = new TempDirectory();
        var model = Model();
        var adam = new Adam(model.Parameters());
        adam.SaveState(dir.File("s.safetensors"), model);
        var names = SafeTensors.Read(dir.File("s.safetensors")).Names.ToArray();
        Assert.Contains("0.weight/1.exp_avg", names);
        Assert.Contains("2.bias/1.exp_avg_sq", names);
        Assert.Contains("0.weight/step", names);
    }

    [Fact]
    public void LoadState_CorruptTensor_RejectedNamingItAndNothingChanges()
    {
        using var dir = new TempDirectory();
        var model = Model();
        var adam = new Adam(model.Parameters(), 0.01);
        Train(model, adam, 0, 3);
        adam.SaveState(dir.File("good.safetensors"), model);
        var content = SafeTensors.Read(dir.File("good.safetensors"));
        var entries = content.Tensors.Select(e => e.Name == "2.weight/1.exp_avg_sq"
            ? SafeTensorEntry.FromFloats(e.Name, Enumerable.Repeat(float.NaN, (int)e.ElementCount).ToArray(), [.. e.Shape])
            : e).ToArray();
        SafeTensors.Write(dir.File("nan.safetensors"), entries, content.Metadata);
        var wrongShape = content.Tensors.Select(e => e.Name == "0.bias/1.exp_avg" ? SafeTensorEntry.FromFloats(e.Name, new float[3], 3) : e).ToArray();
        SafeTensors.Write(dir.File("shape.safetensors"), wrongShape, content.Metadata);

        var other = new Adam(model.Parameters(), 0.01);
        Train(model, other, 0, 2);
        var before = other.StateEntries(model).Select(e => e.Data.ToArray()).ToArray();

        var nan = Assert.Throws<InvalidDataException>(() => other.LoadState(dir.File("nan.safetensors"), model));
        Assert.Contains("'2.weight/1.exp_avg_sq'", nan.Message);
        var shape = Assert.Throws<InvalidDataException>(() => other.LoadState(dir.File("shape.safetensors"), model));
        Assert.Contains("'0.bias/1.exp_avg'", shape.Message);
        Assert.Throws<InvalidDataException>(() => new Sgd(model.Parameters(), 0.1).LoadState(dir.File("good.safetensors"), model));

        Assert.Equal(2, other.StepCount);
        Assert.Equal(before, other.StateEntries(model).Select(e => e.Data.ToArray()).ToArray());
    }
}
