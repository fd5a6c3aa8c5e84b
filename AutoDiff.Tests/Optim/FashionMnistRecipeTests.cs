using System.Globalization;
using AutoDiff.Data;
using AutoDiff.Optim.Training;

namespace AutoDiff.Tests.Optim;

/// <summary>
/// The Fashion-MNIST reference figures (long: run explicitly, see README):
/// <c>AUTODIFF_LONG_TESTS=1 dotnet test AutoDiff.Tests -c Release --filter FullyQualifiedName~FashionMnistRecipeTests</c>.
/// Each writes its curve (CSV) and a summary line to <c>$AUTODIFF_REPORT_DIR</c> (default: the temp folder).
/// </summary>
public sealed class FashionMnistRecipeTests
{
    [LongTrainingFact]
    public void Mlp_TenEpochsOfAdam_ReachesAtLeast89PercentTestAccuracy()
    {
        var run = FashionMnistRecipes.TrainMlp(FashionMnist.Load(), epochs: 10, progress: Log("mlp"));
        Report("mlp", run);
        Assert.True(run.TestAccuracy >= 0.89, $"test accuracy {run.TestAccuracy}");
    }

    [LongTrainingFact]
    public void Cnn_TwoConvPool_ReachesAtLeast91Point6PercentTestAccuracy()
    {
        var run = FashionMnistRecipes.TrainCnn(FashionMnist.Load(), progress: Log("cnn"));
        Report("cnn", run);
        Assert.True(run.TestAccuracy >= 0.916, $"test accuracy {run.TestAccuracy}");
    }

    private static string Folder => Environment.GetEnvironmentVariable("AUTODIFF_REPORT_DIR") ?? Path.GetTempPath();

    private static Progress Log(string name) => new(Path.Combine(Folder, $"fashion-{name}.log"));

    private static void Report(string name, FashionMnistRun run)
    {
        run.Result.Curve.SaveCsv(Path.Combine(Folder, $"fashion-{name}.csv"));
        var epochs = string.Join(", ", run.Result.EpochSeconds.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)));
        File.AppendAllText(Path.Combine(Folder, $"fashion-{name}.log"), string.Create(CultureInfo.InvariantCulture,
            $"{name}: {run.Result.EpochsCompleted} epochs, seconds per epoch [{epochs}], test accuracy {run.TestAccuracy:P2}, test loss {run.TestLoss:F4}, diverged: {run.Result.Divergence ?? "no"}\n"));
    }

    /// <summary>Appends each curve point to a log file as it comes (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class Progress(string path) : IProgress<CurvePoint>
    {
        public void Report(CurvePoint p) => File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step} epoch {p.Epoch:F2} lr {p.LearningRate:G3} |g| {p.GradientNorm:G3} ratio {p.UpdateRatio:G3} monitor {p.MonitorLoss:F4}/{p.MonitorAccuracy:P2} test {p.ValidationLoss:F4}/{p.ValidationAccuracy:P2} t {p.Seconds:F1}s\n"));
    }
}
