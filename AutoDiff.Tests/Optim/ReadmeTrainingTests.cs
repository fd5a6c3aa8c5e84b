using AutoDiff.Data;
using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Optim.Averaging;
using AutoDiff.Optim.Training;

namespace AutoDiff.Tests.Optim;

/// <summary>The README's training-loop example, verbatim (its curve file goes to a temporary folder).</summary>
public sealed class ReadmeTrainingTests
{
    [Fact]
    public void TrainingLoop_AsWritten_TrainsAndExportsTheCurve()
    {
        var folder = Directory.CreateTempSubdirectory("readme-training-").FullName;
        var csv = Path.Combine(folder, "curve.csv");
        try
        {
            var data = SyntheticData.GaussianBlobs(2000, classCount: 3, dimensions: 8, seed: 1, standardDeviation: 2);
            var model = Mlp.Create([8, 32, 3], Activation.ReLU, rng: new Rng(1));
            var groups = ParameterGroup.NoDecayOnBiasesAndNorms(model.Parameters());   // no weight decay on biases
            var optimizer = new AdamW(groups, lr: 3e-3, weightDecay: 0.01);
            var loader = new DataLoader(data, batchSize: 64, seed: 2);
            var monitor = Trainer.MonitorSubset(data, 500, seed: 3);                   // fixed: never the current batch
            var averager = IterateAverager.Ema(model.Parameters(), decay: 0.99);
            var trainer = new Trainer(model, optimizer, new TrainerOptions
            {
                Epochs = 5,
                RecordEvery = 10,                                                      // a curve point every 10 steps
                Schedule = Schedule.WarmUp(Schedule.CosineAnnealing(3e-3, 5 * loader.BatchCount), warmupSteps: 20),
                Averager = averager,
            });
            var result = trainer.Fit(loader, monitor);                                 // stops with a report if it diverges
            Console.WriteLine(result.Divergence ?? $"monitored loss {result.Last.MonitorLoss:F3}");
            result.Curve.SaveCsv(csv);     // step, epoch, lr, gradient norm, |Δθ|/|θ|, losses, accuracies, seconds
            using (averager.Swap())                // evaluate with the averaged weights, swapped back at the end
            {
                Console.WriteLine($"EMA weights: {trainer.Evaluate(monitor).Accuracy:P1}");
                Assert.True(trainer.Evaluate(monitor).Accuracy > 0.8);
            }

            Assert.Null(result.Divergence);
            Assert.True(result.Last.MonitorLoss < result.Curve.Points[0].MonitorLoss / 2);
            Assert.Equal(result.Curve.Points.Count + 1, File.ReadAllLines(csv).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
