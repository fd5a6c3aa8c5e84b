using BenchmarkDotNet.Attributes;

namespace AutoDiff.Bench.Micro;

/// <summary>
/// The fixed cost of a primitive: <see cref="Ops.Add(Tensor, Tensor)"/> on 4-element tensors, untracked with no
/// tape, and tracked while a tape records (one tape per <see cref="Calls"/> calls, reported per call).
/// </summary>
[MemoryDiagnoser]
public class Perf_OpOverhead
{
    private const int Calls = 100;

    private Tensor _a = Tensor.Scalar(0);
    private Tensor _b = Tensor.Scalar(0);
    private Tensor _trackedA = Tensor.Scalar(0);
    private Tensor _trackedB = Tensor.Scalar(0);

    [GlobalSetup]
    public void Setup()
    {
        _a = MicroData.Uniform<float>(new Shape(4), 1);
        _b = MicroData.Uniform<float>(new Shape(4), 2);
        _trackedA = _a.Clone();
        _trackedB = _b.Clone();
        _trackedA.RequiresGrad = true;
        _trackedB.RequiresGrad = true;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public void AddNoTape() => AddMany(_a, _b);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void AddRecording()
    {
        using var tape = Tape.Record();
        AddMany(_trackedA, _trackedB);
    }

    private static void AddMany(Tensor a, Tensor b)
    {
        for (var i = 0; i < Calls; i++)
        {
            _ = Ops.Add(a, b);
        }
    }
}
