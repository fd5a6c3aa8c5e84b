using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>Batch normalisation: training statistics, PyTorch's running-statistics update, evaluation mode.</summary>
public class BatchNormTests
{
    [Fact]
    public void Training_NormalisesEachChannelWithBatchStatistics()
    {
        var bn = new BatchNorm1d(3, dtype: DType.Float64);
        var x = Ops.Add(Ops.Mul(Tensor.Randn(new Shape(8, 3), new Rng(1), dtype: DType.Float64), 3.0), 2.0);
        var y = bn.Forward(x);
        for (var c = 0; c < 3; c++)
        {
            var column = Enumerable.Range(0, 8).Select(n => y[n, c]).ToArray();
            var mean = column.Average();
            var variance = column.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(0, mean, 10);
            Assert.Equal(1, variance, 3);
        }
    }

    [Fact]
    public void Training_UpdatesRunningStatisticsLikePyTorch()
    {
        var bn = new BatchNorm2d(2, dtype: DType.Float64);
        var rng = new Rng(5);
        var expectedMean = new double[2];
        var expectedVar = new double[] { 1, 1 };
        for (var step = 0; step < 3; step++)
        {
            var x = Ops.Add(Tensor.Randn(new Shape(3, 2, 2, 2), rng, dtype: DType.Float64), step);
            bn.Forward(x);
            for (var c = 0; c < 2; c++)
            {
                var values = new List<double>();
                for (var n = 0; n < 3; n++)
                {
                    for (var i = 0; i < 2; i++)
                    {
                        for (var j = 0; j < 2; j++)
                        {
                            values.Add(x[n, c, i, j]);
                        }
                    }
                }

                var mean = values.Average();
                var unbiased = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
                expectedMean[c] = (0.9 * expectedMean[c]) + (0.1 * mean);
                expectedVar[c] = (0.9 * expectedVar[c]) + (0.1 * unbiased);
            }
        }

        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(expectedMean[c], bn.RunningMean[c], 12);
            Assert.Equal(expectedVar[c], bn.RunningVar[c], 12);
        }

        Assert.Equal(3, bn.NumBatchesTracked.Item());
    }

    [Fact]
    public void Eval_UsesRunningStatisticsAndLeavesThemUnchanged()
    {
        var bn = new BatchNorm1d(2, dtype: DType.Float64);
        bn.RunningMean.CopyFrom(Tensor.FromArray([1.0, -2.0]));
        bn.RunningVar.CopyFrom(Tensor.FromArray([4.0, 0.25]));
        bn.Weight!.CopyFrom(Tensor.FromArray([2.0, 3.0]));
        bn.Bias!.CopyFrom(Tensor.FromArray([0.5, -0.5]));
        bn.Eval();
        var x = Tensor.FromArray(new double[,] { { 3, 0 }, { 1, -2 } });
        var y = bn.Forward(x);
        Assert.Equal(((3 - 1) / Math.Sqrt(4 + 1e-5) * 2) + 0.5, y[0, 0], 12);
        Assert.Equal(((0 + 2) / Math.Sqrt(0.25 + 1e-5) * 3) - 0.5, y[0, 1], 12);
        Assert.Equal(0.5, y[1, 0], 12);
        Assert.Equal(1.0, bn.RunningMean[0]);
        Assert.Equal(0, bn.NumBatchesTracked.Item());

        // A single example is fine in evaluation, but not in training.
        bn.Forward(Tensor.Zeros(new Shape(1, 2), DType.Float64));
        bn.Train();
        var e = Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros(new Shape(1, 2), DType.Float64)));
        Assert.Contains("more than 1 value per channel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNorm_Float32_Works()
    {
        var bn = new BatchNorm2d(3);
        var y = bn.Forward(Tensor.Randn(new Shape(2, 3, 2, 2), new Rng(1)));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(DType.Float32, bn.RunningMean.DType);
    }
}
