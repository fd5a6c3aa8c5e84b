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

    /// <summary>
    /// Two training steps and one evaluation of <c>torch.nn.BatchNorm1d(2)</c>, worked out by hand. Batch 1 is
    /// [[1, 2], [3, 6], [5, 10]]: channel means 3 and 6, biased variances 8/3 and 32/3 (used to normalise), unbiased
    /// variances 4 and 16 (used for running_var), so running_mean = 0.1·[3, 6] = [0.3, 0.6] and running_var =
    /// 0.9·1 + 0.1·[4, 16] = [1.3, 2.5]. Batch 2 is [[0, −1], [4, 1]]: means 2 and 0, biased variances 4 and 1,
    /// unbiased 8 and 2, so running_mean = [0.9·0.3 + 0.2, 0.9·0.6] = [0.47, 0.54] and running_var =
    /// [0.9·1.3 + 0.8, 0.9·2.5 + 0.2] = [1.97, 2.45].
    /// </summary>
    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 1e-6)]
    public void BatchNorm1d_TwoTrainingStepsThenEval_MatchesPyTorchNumbersComputedByHand(DType dtype, double tolerance)
    {
        var bn = new BatchNorm1d(2, dtype: dtype);
        Assert.Equal(1e-5, bn.Eps);
        Assert.Equal(0.1, bn.Momentum);

        var y1 = bn.Forward(Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 6 }, { 5, 10 } }).To(dtype));
        Assert.Equal(dtype, y1.DType);
        Assert.Equal(-1.2247425750014138, y1[0, 0], tolerance); // −2 / √(8/3 + 1e-5)
        Assert.Equal(-1.2247442972928344, y1[0, 1], tolerance); // −4 / √(32/3 + 1e-5)
        Assert.Equal(0, y1[1, 0], tolerance);
        Assert.Equal(1.2247425750014138, y1[2, 0], tolerance);
        Assert.Equal(1.2247442972928344, y1[2, 1], tolerance);
        Assert.Equal(0.3, bn.RunningMean[0], tolerance);
        Assert.Equal(0.6, bn.RunningMean[1], tolerance);
        Assert.Equal(1.3, bn.RunningVar[0], tolerance);
        Assert.Equal(2.5, bn.RunningVar[1], tolerance);

        var y2 = bn.Forward(Tensor.FromArray(new double[,] { { 0, -1 }, { 4, 1 } }).To(dtype));
        Assert.Equal(-0.9999987500023437, y2[0, 0], tolerance); // −2 / √(4 + 1e-5)
        Assert.Equal(-0.9999950000374997, y2[0, 1], tolerance); // −1 / √(1 + 1e-5)
        Assert.Equal(0.47, bn.RunningMean[0], tolerance);
        Assert.Equal(0.54, bn.RunningMean[1], tolerance);
        Assert.Equal(1.97, bn.RunningVar[0], tolerance);
        Assert.Equal(2.45, bn.RunningVar[1], tolerance);
        Assert.Equal(2, bn.NumBatchesTracked.Item());

        bn.Eval();
        var y3 = bn.Forward(Tensor.FromArray(new double[,] { { 1, 1 } }).To(dtype));
        Assert.Equal(0.3776084065401664, y3[0, 0], tolerance); // (1 − 0.47) / √(1.97 + 1e-5)
        Assert.Equal(0.2938826201401351, y3[0, 1], tolerance); // (1 − 0.54) / √(2.45 + 1e-5)
        Assert.Equal(0.47, bn.RunningMean[0], tolerance);
    }

    [Fact]
    public void BatchNorm1d_ThreeDimensionalInput_StatisticsOverBatchAndLength()
    {
        // [N=2, C=1, L=2] = [[[1, 3]], [[5, 7]]]: mean 4, biased variance 5, unbiased 20/3.
        var bn = new BatchNorm1d(1, dtype: DType.Float64);
        var y = bn.Forward(Tensor.FromArray([1.0, 3, 5, 7], new Shape(2, 1, 2)));
        Assert.Equal(-3 / Math.Sqrt(5 + 1e-5), y[0, 0, 0], 12);
        Assert.Equal(3 / Math.Sqrt(5 + 1e-5), y[1, 0, 1], 12);
        Assert.Equal(0.4, bn.RunningMean[0], 12);
        Assert.Equal(0.9 + (0.1 * 20 / 3), bn.RunningVar[0], 12);
    }

    [Fact]
    public void NotAffine_HasOnlyBuffers_AndOutputIsPureNormalisation()
    {
        var bn = new BatchNorm2d(2, affine: false, dtype: DType.Float64);
        Assert.Empty(bn.Parameters());
        Assert.Null(bn.Weight);
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], bn.NamedBuffers().Select(b => b.Name).ToArray());
        var y = bn.Forward(Tensor.FromArray([1.0, 10, 3, 30], new Shape(2, 2, 1, 1)));
        Assert.Equal(-1 / Math.Sqrt(1 + 1e-5), y[0, 0, 0, 0], 12);
        Assert.Equal(1 / Math.Sqrt(100 + 1e-5) * 10, y[1, 1, 0, 0], 12);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(2, eps: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d(2, momentum: 1.5));
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
