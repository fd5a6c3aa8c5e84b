using AutoDiff.Bench.Perf;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Bench.Micro;

/// <summary>One SGD training step of MLP 784-256-256-10 (ReLU, softmax cross-entropy, batch 128, float32).</summary>
[MemoryDiagnoser]
public class Perf_MlpStep
{
    private MlpStep? _step;

    [GlobalSetup]
    public void Setup() => _step = MlpStep.Classifier();

    [Benchmark]
    public Tensor Step() => _step!.Step();
}
