using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>Module plumbing: names, modes, hooks, gradients, functional parameters, shape errors.</summary>
public class ModuleTests
{
    [Fact]
    public void NamedParameters_Mlp_UsesPyTorchPaths()
    {
        var model = Mlp.Create([4, 8, 3], batchNorm: true, dropout: 0.2, rng: new Rng(1));
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"], names);
        Assert.Equal(["1.running_mean", "1.running_var", "1.num_batches_tracked"], model.NamedBuffers().Select(b => b.Name).ToArray());
        Assert.Equal((4 * 8) + 8 + 8 + 8 + (8 * 3) + 3, model.ParameterCount);
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.IsType<ReLU>(model[2]);
        Assert.IsType<Dropout>(model[3]);
    }

    [Fact]
    public void TrainAndEval_PropagateToChildren()
    {
        var model = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5), new BatchNorm1d(2)));
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.IsTraining));
        model.Train();
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.IsTraining));
        Assert.Equal(["", "0", "1", "1.0", "1.1"], model.NamedModules().Select(m => m.Name).ToArray());
    }

    [Fact]
    public void ForwardHook_SeesEachLayerOutput_AndCanBeRemoved()
    {
        var model = new Sequential(new Linear(3, 4, rng: new Rng(1)), new Tanh(), new Linear(4, 2, rng: new Rng(2)));
        var seen = new List<(string, Shape, double)>();
        using (model[1].RegisterForwardHook((m, x, y) => seen.Add((m.GetType().Name, y.Shape, y.ToArray().Max(Math.Abs)))))
        {
            model.Forward(Tensor.Randn(new Shape(5, 3), new Rng(3)));
        }

        model.Forward(Tensor.Randn(new Shape(5, 3), new Rng(3)));
        var single = Assert.Single(seen);
        Assert.Equal("Tanh", single.Item1);
        Assert.Equal(new Shape(5, 4), single.Item2);
        Assert.True(single.Item3 < 1);

        var calls = 0;
        using var top = model.RegisterForwardHook((_, _, _) => calls++);
        model.Forward(Tensor.Zeros(new Shape(1, 3)));
        Assert.Equal(0, calls);
        model.Call(Tensor.Zeros(new Shape(1, 3)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Backward_FillsParameterGradients_ZeroGradClearsThem()
    {
        var model = Mlp.Create([2, 3, 2], Activation.Tanh, dtype: DType.Float64, rng: new Rng(4));
        var x = Tensor.Randn(new Shape(4, 2), new Rng(5), dtype: DType.Float64);
        using (var tape = Tape.Record())
        {
            Losses.SoftmaxCrossEntropy(model.Forward(x), [0, 1, 1, 0]).Backward();
        }

        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
        Assert.Contains(model.Parameters(), p => p.Grad!.ToArray().Any(v => v != 0));
        model.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0, v)));
    }

    [Fact]
    public void UseParameters_SwapsTemporarily_AndValidates()
    {
        var layer = new Linear(2, 1, dtype: DType.Float64, rng: new Rng(1));
        var original = layer.Weight;
        var x = Tensor.FromArray(new double[,] { { 1, 2 } });
        using (layer.UseParameters([Tensor.FromArray(new double[,] { { 3, 4 } }), Tensor.FromArray([0.5])]))
        {
            Assert.Equal(11.5, layer.Forward(x).Item(), 12);
        }

        Assert.Same(original, layer.Weight);
        Assert.Throws<ArgumentException>(() => layer.UseParameters([Tensor.Zeros(new Shape(2, 1), DType.Float64), Tensor.Zeros(new Shape(1), DType.Float64)]));
        Assert.Throws<ArgumentException>(() => layer.UseParameters([original]));
    }

    [Fact]
    public void ModelHvp_MatchesHessianOfFunctionalForm()
    {
        var rng = new Rng(8);
        var model = Mlp.Create([2, 3, 2], Activation.Softplus, dtype: DType.Float64, rng: rng);
        var x = Tensor.Randn(new Shape(5, 2), rng, dtype: DType.Float64);
        int[] labels = [0, 1, 0, 1, 1];
        var ps = model.Parameters();
        var v = ps.Select(p => Tensor.Randn(p.Shape, rng, dtype: DType.Float64)).ToArray();
        var hv = AD.Hvp(() => Losses.SoftmaxCrossEntropy(model.Forward(x), labels), ps, v);

        var shapes = ps.Select(p => p.Shape).ToArray();
        Tensor Loss(Tensor theta)
        {
            using (model.UseParameters(NnCheck.Unpack(theta, shapes)))
            {
                return Losses.SoftmaxCrossEntropy(model.Forward(x), labels);
            }
        }

        var expected = AD.Hvp(Loss, NnCheck.Pack(ps.ToArray()), NnCheck.Pack(v));
        NnCheck.Close(expected, NnCheck.Pack(hv), 1e-10);
    }

    public static TheoryData<Module, int[], string, string> BadShapes => new()
    {
        { new Linear(3, 2), [4, 5], "Linear(in=3, out=2, bias=True)", "[*, 3]" },
        { new Conv2d(3, 4, 3), [2, 2, 8, 8], "Conv2d(in=3", "[N, 3, H ≥ 3, W ≥ 3]" },
        { new Conv2d(1, 4, 3), [8, 8], "Conv2d(in=1", "[N, 1, H ≥ 3, W ≥ 3]" },
        { new MaxPool2d(2), [2, 3, 4], "MaxPool2d", "[N, C, H ≥ 2, W ≥ 2]" },
        { new AvgPool2d(3), [1, 1, 2, 5], "AvgPool2d", "[N, C, H ≥ 3, W ≥ 3]" },
        { new BatchNorm1d(4), [2, 3], "BatchNorm1d(4", "[N, 4] or [N, 4, L]" },
        { new BatchNorm2d(4), [2, 4, 3], "BatchNorm2d(4", "[N, 4, H, W]" },
        { new Flatten(), [5], "Flatten", "[N, *]" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void Forward_WrongInputShape_NamesLayerExpectedAndActualShapes(Module layer, int[] shape, string layerText, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(new Shape(shape))));
        Assert.Contains(layerText, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(new Shape(shape).ToString(), e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Module, int[]> DTypeMismatches => new()
    {
        { new Linear(3, 2), [4, 3] },
        { new Conv2d(1, 2, 3), [1, 1, 4, 4] },
        { new BatchNorm1d(3), [4, 3] },
        { new BatchNorm2d(2), [2, 2, 2, 2] },
    };

    [Theory]
    [MemberData(nameof(DTypeMismatches))]
    public void Forward_InputDTypeDiffersFromParameters_NamesLayerAndBothDTypes(Module layer, int[] shape)
    {
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(new Shape(shape), DType.Float64)));
        Assert.Contains(layer.Describe(), e.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", e.Message, StringComparison.Ordinal);
        Assert.Contains("Float64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AvgPool2d_PaddingMoreThanHalfTheKernel_ThrowsLikePyTorch()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AvgPool2d(2, 1, 2));
        Assert.Contains("half", e.Message, StringComparison.Ordinal);
        Assert.Equal(new Shape(1, 1, 3, 3), new AvgPool2d(2, 1, 1).Forward(Tensor.Zeros(new Shape(1, 1, 2, 2))).Shape);
    }

    [Fact]
    public void Parameter_CreateAndMark_SetRequiresGradAndName_NonLeafThrows()
    {
        var p = Parameter.Create(new Shape(2, 3), DType.Float64, "w");
        Assert.True(p.RequiresGrad);
        Assert.Equal("w", p.Name);
        Assert.Equal(new Shape(2, 3), p.Shape);
        Assert.All(p.ToArray(), v => Assert.Equal(0, v));
        using (Tape.Record())
        {
            var derived = Ops.Mul(p, 2.0);
            Assert.Throws<ArgumentException>(() => Parameter.Mark(derived));
        }
    }

    [Fact]
    public void NestedContainers_HierarchicalNames_AndHooksFireOnInnerLayers()
    {
        var inner = new Sequential(new Linear(3, 4, rng: new Rng(1)), new ReLU());
        var model = new Sequential(inner, new Sequential(new Linear(4, 2, rng: new Rng(2))));
        Assert.Equal(["0.0.weight", "0.0.bias", "1.0.weight", "1.0.bias"], model.NamedParameters().Select(p => p.Name).ToArray());

        // Activation statistics: one hook per module, keyed by path, filled by one forward pass.
        var stats = new Dictionary<string, double>();
        var handles = model.NamedModules()
            .Where(m => m.Name.Length > 0)
            .Select(m => m.Module.RegisterForwardHook((_, _, y) => stats[m.Name] = y.ToArray().Average()))
            .ToArray();
        model.Call(Tensor.Randn(new Shape(5, 3), new Rng(3)));
        Assert.Equal(["0", "0.0", "0.1", "1", "1.0"], stats.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.True(stats["0.1"] >= 0);
        foreach (var handle in handles)
        {
            handle.Dispose();
        }

        stats.Clear();
        model.Call(Tensor.Randn(new Shape(5, 3), new Rng(3)));
        Assert.Empty(stats);
    }

    [Fact]
    public void Register_BadOrDuplicateNames_Throw()
    {
        Assert.Throws<ArgumentException>(() => new NamedModule("a.b"));
        Assert.Throws<ArgumentException>(() => new NamedModule("weight"));
        var e = Assert.Throws<ArgumentException>(() => new NamedModule("x", duplicate: true));
        Assert.Contains("already registered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_Float32_KeepDType()
    {
        var model = new Sequential(new Conv2d(1, 2, 3, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8, 3), new GELU());
        var y = model.Forward(Tensor.Randn(new Shape(2, 1, 4, 4), new Rng(1)));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(new Shape(2, 3), y.Shape);
        Assert.Contains("Conv2d", model.ToString(), StringComparison.Ordinal);
    }

    private sealed class NamedModule : Module
    {
        public NamedModule(string name, bool duplicate = false)
        {
            RegisterParameter("weight", Tensor.Zeros(new Shape(1)));
            RegisterBuffer(duplicate ? name : "buffer", Tensor.Zeros(new Shape(1)));
            RegisterModule(name, new ReLU());
        }

        public override Tensor Forward(Tensor x) => x;
    }

    [Fact]
    public void To_Float64_ConvertsEveryParameterAndBuffer_KeepsNamesAndValues()
    {
        var model = new Sequential(new Linear(3, 4, rng: new Rng(1)), new BatchNorm1d(4), new ReLU(), new Linear(4, 2, rng: new Rng(2)));
        var x = Tensor.Randn(new Shape(5, 3), seed: 3);
        model.Forward(x);
        var names = model.NamedTensors().Select(t => t.Name).ToArray();
        var before = model.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray();
        model.Eval();
        var output32 = model.Forward(x).ToArray();

        var same = model.To(DType.Float64);

        Assert.Same(model, same);
        Assert.All(model.NamedTensors(), t => Assert.Equal(DType.Float64, t.Tensor.DType));
        Assert.Equal(names, model.NamedTensors().Select(t => t.Name).ToArray());
        Assert.Equal(before, model.NamedTensors().Select(t => t.Tensor.ToArray()).ToArray());
        Assert.All(model.NamedParameters(), p => Assert.True(p.Parameter.RequiresGrad));
        var output64 = model.Forward(x.To(DType.Float64)).ToArray();
        Assert.Equal(output32.Length, output64.Length);
        Assert.All(output32.Zip(output64), p => Assert.Equal(p.First, p.Second, 1e-5));
    }

    [Fact]
    public void To_SameDType_KeepsTheSameTensors()
    {
        var model = new Linear(3, 2, rng: new Rng(1));
        var weight = model.Weight;

        model.To(DType.Float32);

        Assert.Same(weight, model.Weight);
    }
}
