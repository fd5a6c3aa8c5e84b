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
}
