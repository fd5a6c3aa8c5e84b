using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>The global thread limit: validated, honoured by tensor operations, never changing a result bit.</summary>
public sealed class ParallelismTests
{
    [Fact]
    public void MaxThreads_Negative_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = -1);
        Assert.Contains("MaxThreads", error.Message);
    }

    [Fact]
    public void MatMul_OneThreadOrAll_BitIdenticalResults()
    {
        var a = Tensor.Randn(new Shape(200, 300), seed: 1);
        var b = Tensor.Randn(new Shape(300, 250), seed: 2);
        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            Assert.Equal(1, Parallelism.ThreadCount);
            var single = Ops.MatMul(a, b).ToFloatArray();
            Parallelism.MaxThreads = 0;
            Assert.Equal(Environment.ProcessorCount, Parallelism.ThreadCount);
            var all = Ops.MatMul(a, b).ToFloatArray();
            Assert.Equal(single, all);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void LargeElementwise_OneThreadOrAll_BitIdenticalResults()
    {
        var n = Parallelism.ElementwiseParallelThreshold + 12345;
        var x = Tensor.Randn(new Shape(n), seed: 3);
        var y = Tensor.Randn(new Shape(n), seed: 4);
        float[][] Run() =>
        [
            Ops.Exp(x).ToFloatArray(),
            Ops.Mul(x, y).ToFloatArray(),
            Ops.Add(x, 2.5).ToFloatArray(),
            Ops.Sub(1.0, x).ToFloatArray(),
            Ops.Sum(Ops.Tanh(x)).ToFloatArray(),
        ];

        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = Run();
            Parallelism.MaxThreads = 0;
            var all = Run();
            Assert.Equal(single, all);
            Assert.Equal(MathF.Exp(x.ToFloatArray()[n - 1]), single[0][n - 1], 5e-6f * single[0][n - 1]);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
