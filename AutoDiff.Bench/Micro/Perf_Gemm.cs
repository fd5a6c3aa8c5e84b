using System.Numerics;
using AutoDiff.Kernels;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Bench.Micro;

/// <summary>Square GEMM C = A·B with one and two threads.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class Perf_Gemm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _a = [];
    private T[] _b = [];
    private T[] _c = [];

    [Params(128, 256, 512, 1024)]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(42);
        _a = Enumerable.Range(0, N * N).Select(_ => T.CreateTruncating(rng.Uniform(-1, 1))).ToArray();
        _b = Enumerable.Range(0, N * N).Select(_ => T.CreateTruncating(rng.Uniform(-1, 1))).ToArray();
        _c = new T[N * N];
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply<T>(_a, _b, _c, N, N, N, maxThreads: Threads);
}
