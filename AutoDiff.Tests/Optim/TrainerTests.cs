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
}
