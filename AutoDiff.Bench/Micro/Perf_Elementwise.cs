using BenchmarkDotNet.Attributes;

namespace AutoDiff.Bench.Micro;

/// <summary>Element-wise operations and a reduction through <see cref="Ops"/> at an odd size, no tape.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class Perf_Elementwise<T>
{
    private Tensor _x = Tensor.Scalar(0);
    private Tensor _y = Tensor.Scalar(0);

    [Params(MicroData.OddSize)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = MicroData.Uniform<T>(new Shape(Size), 1);
        _y = MicroData.Uniform<T>(new Shape(Size), 2);
    }

    [Benchmark]
    public Tensor Add() => Ops.Add(_x, _y);

    [Benchmark]
    public Tensor Exp() => Ops.Exp(_x);

    [Benchmark]
    public Tensor Tanh() => Ops.Tanh(_x);

    [Benchmark]
    public Tensor Relu() => Ops.Relu(_x);

    [Benchmark]
    public Tensor Sum() => Ops.Sum(_x);
}
