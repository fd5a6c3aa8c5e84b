using AutoDiff.Data;
using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Optim.Averaging;
using AutoDiff.Optim.Training;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests.Optim;

public sealed class TrainerTests
{
    private static readonly Dataset s_data = SyntheticData.GaussianBlobs(240, 3, 4, seed: 5, standardDeviation: 2);

    private static DataLoader Train() => new(s_data, batchSize: 32, seed: 11);

    private static DataLoader Monitor() => Trainer.MonitorSubset(s_data, 60, seed: 1);

    private static (Sequential Model, Adam Optimizer) Setup(double lr = 0.01, ulong seed = 2)
    {
        var model = Mlp.Create([4, 8, 3], Activation.Tanh, rng: new Rng(seed));
        return (model, new Adam(model.Parameters(), lr));
    }

    private static CurvePoint[] WithoutTime(TrainingResult r) => r.Curve.Points.Select(p => p with { Seconds = 0 }).ToArray();

    [Fact]
    public void Fit_SameSeeds_GiveIdenticalCurves()
    {
        TrainingResult Run()
        {
            var (model, adam) = Setup();
            return new Trainer(model, adam, new TrainerOptions { Epochs = 3, RecordEvery = 4, Schedule = Schedule.CosineAnnealing(0.01, 24) }).Fit(Train(), Monitor(), Monitor());
        }

        var a = Run();
        var b = Run();
        Assert.Null(a.Divergence);
        Assert.Equal(WithoutTime(a), WithoutTime(b));
        Assert.Equal(24, a.Steps);
        Assert.Equal(3, a.EpochSeconds.Count);
        Assert.True(a.Last.MonitorLoss < a.Curve.Points[0].MonitorLoss);
        Assert.All(a.Curve.Points.Skip(1), p => Assert.True(p.GradientNorm > 0 && p.UpdateRatio > 0 && p.LearningRate > 0));
    }

    [Fact]
    public void Fit_RecordedStep_GradientNormAndUpdateRatioMatchTheirDefinitions()
    {
        // One step, recorded: |g| = √Σg² of that step's gradient and ratio = ‖θ₁ − θ₀‖ / ‖θ₀‖, both in float64.
        var (model, adam) = Setup();
        var before = model.Parameters().Select(p => p.ToArray()).ToArray();
        var (x, labels) = Train().First();
        using (Tape.Record())
        {
            Losses.SoftmaxCrossEntropy(model.Forward(x), labels).Backward();
        }

        double expectedNorm = Math.Sqrt(model.Parameters().Sum(p => p.Grad!.ToArray().Sum(g => g * g)));
        foreach (var p in model.Parameters())
        {
            p.ZeroGrad();
        }

        var point = new Trainer(model, adam, new TrainerOptions { Epochs = 1, MaxSteps = 1, RecordEvery = 1 }).Fit(Train(), Monitor()).Last;

        var after = model.Parameters().Select(p => p.ToArray()).ToArray();
        double delta = 0, norm = 0;
        for (int i = 0; i < before.Length; i++)
        {
            for (int j = 0; j < before[i].Length; j++)
            {
                delta += (after[i][j] - before[i][j]) * (after[i][j] - before[i][j]);
                norm += before[i][j] * before[i][j];
            }
        }

        Assert.Equal(1, point.Step);
        Assert.Equal(expectedNorm, point.GradientNorm, 1e-12 * expectedNorm);
        Assert.Equal(Math.Sqrt(delta) / Math.Sqrt(norm), point.UpdateRatio, 1e-12 * point.UpdateRatio);
    }

    [Fact]
    public void Fit_ResumedFromACheckpointMidRun_GivesTheBitIdenticalCurve()
    {
        using var dir = new TempDirectory();
        var schedule = () => new ReduceOnPlateau(0.02, factor: 0.5, patience: 0);
        TrainerOptions Options(Module model, bool resume, int stop) => new()
        {
            Epochs = 4, RecordEvery = 3, Schedule = schedule(), CheckpointDirectory = dir.File("ckpt"), Resume = resume, StopAfterEpochs = stop,
            Averager = IterateAverager.Ema(model.Parameters(), 0.9),
        };

        var (straightModel, straightAdam) = Setup();
        var straightAverager = IterateAverager.Ema(straightModel.Parameters(), 0.9);
        var straight = new Trainer(straightModel, straightAdam, new TrainerOptions { Epochs = 4, RecordEvery = 3, Schedule = schedule(), Averager = straightAverager }).Fit(Train(), Monitor());

        var (m1, a1) = Setup();
        var interrupted = new Trainer(m1, a1, Options(m1, false, 2)).Fit(Train(), Monitor());
        Assert.Equal(2, interrupted.EpochsCompleted);

        var (m2, a2) = Setup(lr: 0.5, seed: 9);    // other weights and rate: all of it comes from the checkpoint
        var options = Options(m2, true, 0);
        var resumed = new Trainer(m2, a2, options).Fit(Train(), Monitor());

        Assert.Equal(WithoutTime(straight), WithoutTime(resumed));
        Assert.Equal(straightAverager.Averages.Select(a => a.ToFloatArray()), options.Averager!.Averages.Select(a => a.ToFloatArray()));
        foreach (var ((_, p), (_, q)) in straightModel.NamedParameters().Zip(m2.NamedParameters()))
        {
            Assert.Equal(p.ToFloatArray(), q.ToFloatArray());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_CancelledMidEpochInEpochsOneAndTwo_ResumesBitIdentically(bool dropout)
    {
        // 240 examples in batches of 32: 8 steps per epoch. Stops after step 3 (epoch 1) and step 13 (epoch 2).
        using var dir = new TempDirectory();
        var schedule = () => new ReduceOnPlateau(0.02, factor: 0.5, patience: 0);
        (Sequential Model, Adam Optimizer, TrainerOptions Options) Make(ulong seed, bool resume, CancellationTokenSource? stopAt, long step, string folder = "ckpt")
        {
            var model = Mlp.Create([4, 8, 8, 3], Activation.Tanh, dropout: dropout ? 0.3 : 0, rng: new Rng(seed));
            var adam = new Adam(model.Parameters(), 0.01);
            return (model, adam, new TrainerOptions
            {
                Epochs = 3, RecordEvery = 3, Schedule = schedule(), Averager = IterateAverager.Ema(model.Parameters(), 0.9),
                CheckpointDirectory = dir.File(folder), Resume = resume, StepProgressInterval = TimeSpan.Zero,
                StepProgress = stopAt is null ? null : new Progress(p =>
                {
                    if (p.Step == step)
                    {
                        stopAt.Cancel();
                    }
                }),
            });
        }

        var (straightModel, straightAdam, straightOptions) = Make(2, false, null, 0, "straight");
        var straight = new Trainer(straightModel, straightAdam, straightOptions).Fit(Train(), Monitor());

        Sequential model = null!;
        TrainerOptions options = null!;
        var resumed = false;
        foreach (var stop in new long[] { 3, 13 })
        {
            using var cts = new CancellationTokenSource();
            (model, var adam, options) = Make(resumed ? 9UL : 2UL, resumed, cts, stop);   // a resumed run takes every value from the checkpoint
            var trainer = new Trainer(model, adam, options);
            var e = Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(Train(), Monitor(), cancellationToken: cts.Token));
            Assert.Contains($"after step {stop}", e.Message, StringComparison.Ordinal);
            Assert.Equal(stop, adam.StepCount);
            resumed = true;
        }

        (model, var lastAdam, options) = Make(9, true, null, 0);
        var result = new Trainer(model, lastAdam, options).Fit(Train(), Monitor());

        Assert.Equal(WithoutTime(straight), WithoutTime(result));
        Assert.Equal(24, result.Steps);
        Assert.Equal(straightOptions.Averager!.Averages.Select(a => a.ToFloatArray()), options.Averager!.Averages.Select(a => a.ToFloatArray()));
        foreach (var ((_, p), (_, q)) in straightModel.NamedParameters().Zip(model.NamedParameters()))
        {
            Assert.Equal(p.ToFloatArray(), q.ToFloatArray());
        }
    }

    [Fact]
    public void Fit_DropoutModelResumedAtAnEpochEnd_DrawsTheSameMasks()
    {
        using var dir = new TempDirectory();
        (Sequential, Adam, TrainerOptions) Make(ulong seed, bool resume, int stopAfter)
        {
            var model = Mlp.Create([4, 8, 3], Activation.ReLU, dropout: 0.5, rng: new Rng(seed));
            return (model, new Adam(model.Parameters(), 0.01), new TrainerOptions { Epochs = 2, RecordEvery = 2, CheckpointDirectory = dir.File(seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), Resume = resume, StopAfterEpochs = stopAfter });
        }

        var (m0, a0, o0) = Make(2, false, 0);
        var straight = new Trainer(m0, a0, o0).Fit(Train(), Monitor());
        var (m1, a1, o1) = Make(2, false, 1);
        new Trainer(m1, a1, o1).Fit(Train(), Monitor());
        var (m2, a2, o2) = Make(2, true, 0);
        var resumed = new Trainer(m2, a2, o2).Fit(Train(), Monitor());

        // A fresh model of the same seed restarts its dropout stream; only the checkpoint's state gives the second epoch's masks.
        Assert.Equal(WithoutTime(straight), WithoutTime(resumed));
        Assert.Equal(m0.Parameters().Select(p => p.ToFloatArray()), m2.Parameters().Select(p => p.ToFloatArray()));
    }

    [Fact]
    public void Fit_CancelledWithoutACheckpointFolder_ThrowsAndWritesNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var (model, adam) = Setup();
        var trainer = new Trainer(model, adam, new TrainerOptions { Epochs = 2 });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(Train(), Monitor(), cancellationToken: cts.Token));
        Assert.Equal(0, adam.StepCount);
        Assert.Single(trainer.Curve.Points);
    }

    [Fact]
    public void Fit_CheckpointOfAnotherBatchSize_IsRejectedBeforeAnythingChanges()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource();
        var (model, adam) = Setup();
        var options = new TrainerOptions
        {
            Epochs = 2, CheckpointDirectory = dir.File("ckpt"), StepProgressInterval = TimeSpan.Zero,
            StepProgress = new Progress(p =>
            {
                if (p.Step == 7)
                {
                    cts.Cancel();
                }
            }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(model, adam, options).Fit(Train(), Monitor(), cancellationToken: cts.Token));

        var (other, otherAdam) = Setup(seed: 9);
        var before = other.Parameters().Select(p => p.ToFloatArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(other, otherAdam, new TrainerOptions { Epochs = 2, CheckpointDirectory = dir.File("ckpt"), Resume = true })
            .Fit(new DataLoader(s_data, batchSize: 120, seed: 11), Monitor()));
        Assert.Contains("batch 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 batches", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, other.Parameters().Select(p => p.ToFloatArray()));
        Assert.Equal(0, otherAdam.StepCount);
    }

    [Fact]
    public void Fit_StepProgressWithoutInterval_ReportsEveryStepWithItsBatchLossAndRate()
    {
        var reports = new List<TrainingProgress>();
        var (model, adam) = Setup();
        var result = new Trainer(model, adam, new TrainerOptions
        {
            Epochs = 2, RecordEvery = 1, Schedule = Schedule.CosineAnnealing(0.01, 16),
            StepProgress = new Progress(reports.Add), StepProgressInterval = TimeSpan.Zero,
        }).Fit(Train(), Monitor());

        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(16, r.TotalSteps));
        Assert.Equal(result.Curve.Points.Skip(1).Select(p => p.Epoch), reports.Select(r => r.Epoch));
        Assert.Equal(result.Curve.Points.Skip(1).Select(p => p.LearningRate), reports.Select(r => r.LearningRate));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && r.Loss > 0 && r.ExamplesPerSecond > 0, r.ToString()));
    }

    [Fact]
    public void Fit_StepProgressWithALongInterval_ReportsOnlyTheFirstAndLastSteps()
    {
        var reports = new List<TrainingProgress>();
        var (model, adam) = Setup();
        new Trainer(model, adam, new TrainerOptions { Epochs = 2, StepProgress = new Progress(reports.Add), StepProgressInterval = TimeSpan.FromHours(1) }).Fit(Train(), Monitor());
        Assert.Equal([1L, 16L], reports.Select(r => r.Step));
        Assert.Equal(2.0, reports[^1].Epoch);
    }

    [Fact]
    public void Fit_StepProgressEveryStep_AllocatesNothingMorePerStep()
    {
        // Curve points only at epoch ends; pooled batches: what is left per step is the loop's own allocation.
        var loader = new DataLoader(s_data, batchSize: 8, seed: 11) { ReuseBuffers = true };
        var monitor = Monitor();
        long Allocated(bool report)
        {
            var (model, adam) = Setup();
            var options = new TrainerOptions
            {
                Epochs = 2, StepProgressInterval = TimeSpan.Zero, StepProgress = report ? new Progress(_ => { }) : null,
            };
            var trainer = new Trainer(model, adam, options);
            var before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(loader, monitor);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(true);   // warm-up: JIT, pools
        Allocated(false);
        var without = Enumerable.Range(0, 3).Min(_ => Allocated(false));
        var with = Enumerable.Range(0, 3).Min(_ => Allocated(true));

        // 60 steps: a byte per step would show as 60.
        Assert.True(with - without < 60, $"with step progress {with} bytes, without {without} bytes over 60 steps");
    }

    [Fact]
    public void Fit_HugeLearningRate_StopsWithADivergenceReport()
    {
        var model = Mlp.Create([4, 8, 3], Activation.ReLU, rng: new Rng(2));
        var sgd = new Sgd(model.Parameters(), lr: 1e4);
        var result = new Trainer(model, sgd, new TrainerOptions { Epochs = 5 }).Fit(Train(), Monitor());
        Assert.True(result.Diverged);
        Assert.Contains("loss", result.Divergence);
        Assert.True(result.Steps < 40);
    }

    [Fact]
    public void Curve_ExportsCsvAndJsonThatRoundTrip()
    {
        using var dir = new TempDirectory();
        var (model, adam) = Setup();
        var result = new Trainer(model, adam, new TrainerOptions { Epochs = 1, RecordEvery = 2 }).Fit(Train(), Monitor());
        result.Curve.SaveCsv(dir.File("curve.csv"));
        result.Curve.SaveJson(dir.File("curve.json"));
        var lines = File.ReadAllLines(dir.File("curve.csv"));
        Assert.Equal("step,epoch,learning_rate,gradient_norm,update_ratio,monitor_loss,monitor_accuracy,validation_loss,validation_accuracy,seconds", lines[0]);
        Assert.Equal(result.Curve.Points.Count + 1, lines.Length);
        var back = TrainingCurve.FromJson(File.ReadAllText(dir.File("curve.json")));
        Assert.Equal(result.Curve.Points, back.Points);
    }

    [Fact]
    public void Fit_ReportsEveryPointThroughProgress()
    {
        var points = new List<CurvePoint>();
        var (model, adam) = Setup();
        var result = new Trainer(model, adam, new TrainerOptions { Epochs = 1, RecordEvery = 2 }).Fit(Train(), Monitor(), progress: new Collect(points));
        Assert.Equal(result.Curve.Points, points);
    }

    [Fact]
    public void LearningRateSearch_ReportsEveryTrialAndPicksTheLowestMonitoredLoss()
    {
        var (trials, best) = LearningRateSearch.Run(
            lr =>
            {
                var m = Mlp.Create([4, 8, 3], Activation.Tanh, rng: new Rng(2));
                return (m, new Sgd(m.Parameters(), lr));
            },
            Train, Monitor(), steps: 10, rates: [1000, 1, 0.1, 0.001]);
        Assert.Equal([1000, 1, 0.1, 0.001], trials.Select(t => t.LearningRate));
        Assert.True(trials[0].Diverged);
        Assert.NotNull(best);
        Assert.Equal(trials.Where(t => !t.Diverged).MinBy(t => t.MonitorLoss), best);
        Assert.All(trials.Where(t => !t.Diverged), t => Assert.Equal(10, t.Result.Steps));
    }

    private sealed class Collect(List<CurvePoint> points) : IProgress<CurvePoint>
    {
        public void Report(CurvePoint value) => points.Add(value);
    }

    /// <summary>Calls its handler at once, on the training thread (<see cref="Progress{T}"/> would post).</summary>
    private sealed class Progress(Action<TrainingProgress> handler) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => handler(value);
    }
}
