using System.Globalization;
using AutoDiff.Data;
using AutoDiff.Serialization;

namespace AutoDiff.Tests.Bench;

/// <summary>End-to-end: <c>autodiff train</c> writes a checkpoint, the curve and the report, and <c>--resume</c> continues.</summary>
public sealed class TrainCommandTests
{
    [Fact]
    public void Train_SpiralsThenResume_WritesCheckpointCurveAndReportAndContinues()
    {
        using var temp = new TempFolder();
        var first = CliRun.Invoke("train", "--dataset", "spirals", "--limit", "256", "--hidden", "16,16", "--activation", "tanh", "--epochs", "2", "--batch-size", "32",
            "--lr", "0.01", "--schedule", "cosine", "--average", "ema", "--clip-norm", "5", "--eval-every", "4", "--out", temp["out"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("finished 2 epochs", first.Output, StringComparison.Ordinal);
        var checkpoint = temp["out/checkpoint.safetensors"];
        var metadata = SafeTensors.Read(checkpoint).Metadata;
        Assert.Equal("2", metadata["epoch"]);
        Assert.Equal("spirals", metadata["dataset"]);
        ReportAssertions.HasSections(temp["out"], "training-curve", "optimisation", "files");
        ReportAssertions.HasPlots(temp["out"], "loss", "accuracy", "learning-rate", "grad-norm", "update-ratio");
        var rows = ReportAssertions.HasCurve(temp["out"], minRows: 4);
        var lr = rows.Select(r => double.Parse(r[5], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(lr[^1] < lr[1], "the cosine schedule should lower the learning rate");

        var resumed = CliRun.Invoke("train", "--resume", checkpoint, "--epochs", "3", "--batch-size", "32", "--limit", "256", "--eval-every", "4", "--out", temp["resumed"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("epochs 3..3", resumed.Output, StringComparison.Ordinal);
        var continued = ReportAssertions.HasCurve(temp["resumed"], minRows: 1);
        Assert.True(long.Parse(continued[0][0], CultureInfo.InvariantCulture) > 16, "a resumed run counts steps on from the 16 of its first two epochs");
        Assert.Equal("3", SafeTensors.Read(temp["resumed/checkpoint.safetensors"]).Metadata["epoch"]);
    }

    [Fact]
    public void Train_Interrupted_SavesResumableCheckpointAndExitsOne()
    {
        using var temp = new TempFolder();
        using var ctrlC = new CancellationTokenSource();
        ctrlC.Cancel();
        var run = CliRun.Invoke(ctrlC.Token, "train", "--dataset", "spirals", "--limit", "64", "--hidden", "4", "--epochs", "2", "--out", temp["out"]);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("interrupted", run.Output, StringComparison.Ordinal);
        Assert.Equal("0", SafeTensors.Read(temp["out/checkpoint.safetensors"]).Metadata["epoch"]);
        var resumed = CliRun.Invoke("train", "--resume", temp["out/checkpoint.safetensors"], "--epochs", "1", "--limit", "64", "--out", temp["resumed"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
    }

    [Fact]
    public void Train_ResumeWhenAlreadyDone_ExitsTwo()
    {
        using var temp = new TempFolder();
        var first = CliRun.Invoke("train", "--dataset", "spirals", "--limit", "64", "--hidden", "4", "--epochs", "1", "--out", temp["out"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var again = CliRun.Invoke("train", "--resume", temp["out/checkpoint.safetensors"], "--epochs", "1", "--limit", "64", "--out", temp["again"]);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--epochs", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_FashionMnistSubset_ReachesBetterThanChanceAccuracy()
    {
        Assert.True(FashionMnist.IsAvailable(), "Fashion-MNIST is needed: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        using var temp = new TempFolder();
        var run = CliRun.Invoke("train", "--limit", "1000", "--hidden", "32", "--epochs", "1", "--eval-every", "8", "--lr", "0.003", "--out", temp["out"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = ReportAssertions.HasCurve(temp["out"], minRows: 2);
        Assert.True(double.Parse(rows[^1][4], CultureInfo.InvariantCulture) > 0.5, "one epoch on 1,000 images should beat 50 % validation accuracy");
    }
}
