using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Optim.Averaging;

namespace AutoDiff.Tests.Optim;

public sealed class IterateAveragerTests
{
    [Fact]
    public void Polyak_NoisyQuadratic_EndsCloserToTheOptimumThanTheLastIterate()
    {
        // f(θ) = ½‖θ − θ*‖² with gradient noise: SGD with a constant rate hovers around θ*, its average settles.
        const int n = 20;
        var optimum = Tensor.Randn(new Shape(n), seed: 1, DType.Float64).ToArray();
        var theta = Tensor.Zeros(new Shape(n), DType.Float64);
        theta.RequiresGrad = true;
        var sgd = new Sgd([theta], lr: 0.2);
        var polyak = IterateAverager.Polyak([theta], startStep: 100);
        var rng = new Rng(3);
        for (var k = 0; k < 2000; k++)
        {
            var p = theta.ToArray();
            theta.Grad = Tensor.FromArray(p.Select((v, i) => v - optimum[i] + rng.Normal()).ToArray());
            sgd.Step();
            polyak.Update(sgd.StepCount);
        }

        double Distance(double[] x) => Math.Sqrt(x.Select((v, i) => (v - optimum[i]) * (v - optimum[i])).Sum());
        var last = Distance(theta.ToArray());
        var averaged = Distance(polyak.Averages[0].ToArray());
        Assert.Equal(1901, polyak.Count);
        Assert.True(averaged < last / 5, $"average {averaged} vs last iterate {last}");
    }

    [Fact]
    public void Ema_FollowsTheRecurrenceAndSwapRestoresTheTrainedWeights()
    {
        var p = Tensor.FromArray(new[] { 1.0, 2.0 });
        var ema = IterateAverager.Ema([p], decay: 0.9);
        ema.Update(1);                                   // the first update copies
        p.CopyFrom(Tensor.FromArray(new[] { 3.0, 0.0 }));
        ema.Update(2);
        Assert.Equal(1.0 + (0.1 * (3.0 - 1.0)), ema.Averages[0].GetFlat(0), 15);
        Assert.Equal(2.0 + (0.1 * (0.0 - 2.0)), ema.Averages[0].GetFlat(1), 15);
        using (ema.Swap())
        {
            Assert.Equal(ema.Averages[0].ToArray(), p.ToArray());
            Assert.Throws<InvalidOperationException>(() => ema.Update(3));
        }

        Assert.Equal([3.0, 0.0], p.ToArray());
    }

    [Fact]
    public void UpdateBatchNorm_SetsRunningStatisticsToTheMeanOfTheBatchStatistics()
    {
        var model = new Sequential(new Linear(3, 4, rng: new Rng(1)), new BatchNorm1d(4));
        var batches = Enumerable.Range(0, 3).Select(k => Tensor.Randn(new Shape(16, 3), seed: (ulong)(10 + k))).ToArray();
        model.Eval();
        IterateAverager.UpdateBatchNorm(model, batches);
        Assert.False(model.IsTraining);
        var bn = (BatchNorm1d)model[1];
        var linear = (Linear)model[0];
        var expectedMean = new double[4];
        var expectedVar = new double[4];
        foreach (var x in batches)
        {
            var h = linear.Forward(x);
            for (var c = 0; c < 4; c++)
            {
                var column = Enumerable.Range(0, 16).Select(r => h[r, c]).ToArray();
                var mean = column.Average();
                expectedMean[c] += mean / 3;
                expectedVar[c] += column.Sum(v => (v - mean) * (v - mean)) / 15 / 3;
            }
        }

        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(expectedMean[c], bn.RunningMean.GetFlat(c), 4);   // float32 buffers
            Assert.Equal(expectedVar[c], bn.RunningVar.GetFlat(c), 4);
        }

        Assert.Equal(3, bn.NumBatchesTracked.Item());
    }
}
