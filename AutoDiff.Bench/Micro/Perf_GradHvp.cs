using AutoDiff.Bench.Perf;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Bench.Micro;

/// <summary>Gradient and forward-over-reverse HVP of MLP 784-256-256-10's loss (ReLU, batch 128, float64).</summary>
[MemoryDiagnoser]
public class Perf_GradHvp
{
    private FlatMlpLoss? _loss;

    [GlobalSetup]
    public void Setup() => _loss = new FlatMlpLoss();

    [Benchmark(Baseline = true)]
    public Tensor Grad() => _loss!.Grad();

    [Benchmark]
    public Tensor Hvp() => _loss!.Hvp();
}
