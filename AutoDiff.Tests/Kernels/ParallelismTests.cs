using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>The global thread limit: validated, honoured by tensor operations, never changing a result bit.</summary>
[Collection(nameof(GlobalStateCollection))]
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
        // An odd length, so chunk edges and the last tail fall at no vector boundary of the plain split.
        var n = Parallelism.ElementwiseParallelThreshold + 12345;
        var x = Tensor.Randn(new Shape(n), seed: 3);
        var y = Tensor.Randn(new Shape(n), seed: 4);
        var x64 = x.To(DType.Float64);
        (string Name, Func<Tensor> Op)[] ops =
        [
            ("Exp", () => Ops.Exp(x)),
            ("Tanh", () => Ops.Tanh(x)),
            ("Sigmoid", () => Ops.Sigmoid(x)),
            ("Softplus", () => Ops.Softplus(x)),
            ("Log", () => Ops.Log(Ops.Abs(x))),
            ("Mul", () => Ops.Mul(x, y)),
            ("Add scalar", () => Ops.Add(x, 2.5)),
            ("Sub from scalar", () => Ops.Sub(1.0, x)),
            ("Sum of tanh", () => Ops.Sum(Ops.Tanh(x))),
            ("Exp f64", () => Ops.Exp(x64)),
            ("Tanh f64", () => Ops.Tanh(x64)),
            ("Softplus f64", () => Ops.Softplus(x64)),
        ];

        double[][] Run() => [.. ops.Select(op => op.Op().ToArray())];

        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = Run();
            Parallelism.MaxThreads = 0;
            var all = Run();
            var report = new List<string>();
            for (var k = 0; k < ops.Length; k++)
            {
                var differing = single[k].Zip(all[k]).Count(p => BitConverter.DoubleToInt64Bits(p.First) != BitConverter.DoubleToInt64Bits(p.Second));
                if (differing > 0)
                {
                    report.Add($"{ops[k].Name}: {differing}");
                }
            }

            Assert.True(report.Count == 0, $"elements differing between 1 and {Parallelism.ThreadCount} threads: {string.Join(", ", report)}");
            Assert.Equal(MathF.Exp(x.ToFloatArray()[n - 1]), (float)single[0][n - 1], 5e-6f * (float)single[0][n - 1]);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(1 << 18, 2)]
    [InlineData((1 << 18) + 12345, 2)]
    [InlineData((1 << 20) + 7, 2)]
    public void ForRanges_LargeLength_ChunksAlignedAndCoverEveryElementOnce(int length, int threads)
    {
        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            var ranges = new System.Collections.Concurrent.ConcurrentBag<(int Start, int Count)>();
            Parallelism.ForRanges(length, (start, count) => ranges.Add((start, count)));
            var sorted = ranges.OrderBy(r => r.Start).ToArray();
            Assert.InRange(sorted.Length, Math.Min(threads, Environment.ProcessorCount), 4 * threads);
            var next = 0;
            foreach (var (start, count) in sorted)
            {
                Assert.Equal(next, start);
                Assert.Equal(0, start % Parallelism.ChunkAlignment);
                next = start + count;
            }

            Assert.Equal(length, next);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void ForRanges_LargeElementwiseOp_AllocatesNothingPerCall()
    {
        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            var n = Parallelism.ElementwiseParallelThreshold * 2;
            var a = Tensor.Randn(new Shape(n), seed: 3);
            var b = Tensor.Randn(new Shape(n), seed: 4);
            var y = Tensor.Zeros(new Shape(n));
            var sum = 0L;
            Action<int, int> body = (start, count) => Interlocked.Add(ref sum, count);
            TensorMath.BinaryInto<AddOperator<float>, float>(default, a, b, y);
            Parallelism.ForRanges(n, body);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 4; i++)
            {
                TensorMath.BinaryInto<AddOperator<float>, float>(default, a, b, y);
                Parallelism.ForRanges(n, body);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"4 parallel element-wise calls allocated {allocated} bytes");
            Assert.Equal(5L * n, Interlocked.Read(ref sum));
            Assert.Equal(a.ToFloatArray()[n - 1] + b.ToFloatArray()[n - 1], y.ToFloatArray()[n - 1]);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
