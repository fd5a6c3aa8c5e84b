using System.Globalization;
using System.Text.Json;
using AutoDiff.Data;

namespace AutoDiff.Tests.Bench;

/// <summary>End-to-end: <c>autodiff train</c> writes a checkpoint folder, the curve and the report, and <c>--resume</c> continues.</summary>
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
        Assert.Contains("with ema averaging", first.Output, StringComparison.Ordinal);
        var checkpoint = temp["out/checkpoint"];
        Assert.True(File.Exists(Path.Combine(checkpoint, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(checkpoint, "model.json")));
        Assert.Equal(2, EpochOf(checkpoint));
        ReportAssertions.HasSections(temp["out"], "training-curve", "optimisation", "files");
        ReportAssertions.HasPlots(temp["out"], "loss", "accuracy", "learning-rate", "grad-norm", "update-ratio");
        var rows = ReportAssertions.HasCurve(temp["out"], minRows: 4);
        var lr = rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(lr[^1] < lr[1], "the cosine schedule should lower the learning rate");

        var resumed = CliRun.Invoke("train", "--resume", checkpoint, "--epochs", "3", "--batch-size", "32", "--limit", "256", "--lr", "0.01", "--eval-every", "4", "--out", temp["resumed"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("epochs 3..3", resumed.Output, StringComparison.Ordinal);
        var continued = ReportAssertions.HasCurve(temp["resumed"], minRows: rows.Length + 1);
        Assert.Equal(rows[^1][0], continued[rows.Length - 1][0]);
        Assert.Equal(3, EpochOf(checkpoint));
    }

    [Fact]
    public async Task Train_InterruptedMidEpoch_ResumesToTheCurveOfAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        using var ctrlC = new CancellationTokenSource();
        var checkpoint = temp["out/checkpoint"];
        string[] Common(int epochs) => ["train", "--dataset", "spirals", "--limit", "64", "--hidden", "4", "--batch-size", "16", "--schedule", "constant", "--average", "ema",
            "--eval-every", "3", "--epochs", epochs.ToString(CultureInfo.InvariantCulture)];

        // Plays Ctrl+C once the first epoch's checkpoint exists: the run stops wherever it is, most likely inside an epoch (4 batches each).
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(Path.Combine(checkpoint, "trainer.json")))
            {
                await Task.Delay(2);
            }

            await ctrlC.CancelAsync();
        });
        var run = CliRun.Invoke(ctrlC.Token, [.. Common(100000), "--out", temp["out"]]);
        await watcher;
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("the checkpoint holds that exact step", run.Output, StringComparison.Ordinal);
        var done = EpochOf(checkpoint);
        Assert.InRange(done, 1, 99998);

        var resumed = CliRun.Invoke([.. Common(done + 2), "--resume", checkpoint, "--out", temp["resumed"]]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(done + 2, EpochOf(checkpoint));
        var straight = CliRun.Invoke([.. Common(done + 2), "--out", temp["straight"]]);
        Assert.True(straight.ExitCode == 0, straight.ToString());

        // Every column but the wall time.
        string[][] Curve(string folder) => File.ReadAllLines(Path.Combine(folder, "curve.csv")).Select(l => l.Split(',')[..^1]).ToArray();
        Assert.Equal(Curve(temp["straight"]), Curve(temp["resumed"]));
    }

    [Fact]
    public void Train_InterruptedBeforeTheFirstStep_SavesAFullCheckpointForResume()
    {
        using var temp = new TempFolder();
        using var ctrlC = new CancellationTokenSource();
        ctrlC.Cancel();
        var run = CliRun.Invoke(ctrlC.Token, "train", "--dataset", "spirals", "--limit", "64", "--hidden", "4", "--epochs", "2", "--out", temp["out"]);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("interrupted at step 0 (after 0 complete epochs); the checkpoint holds that exact step", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(temp["out/checkpoint/model.safetensors"]));
        Assert.True(File.Exists(temp["out/checkpoint/optimizer.safetensors"]));
        var resumed = CliRun.Invoke("train", "--resume", temp["out/checkpoint"], "--epochs", "1", "--out", temp["resumed"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(1, EpochOf(temp["out/checkpoint"]));
    }

    [Fact]
    public void Train_ResumeWhenAlreadyDone_ExitsTwo()
    {
        using var temp = new TempFolder();
        var first = CliRun.Invoke("train", "--dataset", "spirals", "--limit", "64", "--hidden", "4", "--epochs", "1", "--out", temp["out"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var again = CliRun.Invoke("train", "--resume", temp["out/checkpoint"], "--epochs", "1", "--limit", "64", "--out", temp["again"]);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--epochs", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_FashionMnistSubset_ReachesBetterThanChanceAccuracy()
    {
        Assert.True(FashionMnist.IsAvailable(), "Fashion-MNIST is needed: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        using var temp = new TempFolder();
        var run = CliRun.Invoke("train", "--limit", "1000", "--hidden", "32", "--epochs", "1", "--batch-size", "64", "--eval-every", "8", "--monitor", "500", "--out", temp["out"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = ReportAssertions.HasCurve(temp["out"], minRows: 2);
        Assert.True(double.Parse(rows[^1][8], CultureInfo.InvariantCulture) > 0.5, "one epoch on 1,000 images should beat 50 % validation accuracy");
    }

    private static int EpochOf(string checkpoint)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoint, "trainer.json")));
        return json.RootElement.GetProperty("epoch").GetInt32();
    }
}
