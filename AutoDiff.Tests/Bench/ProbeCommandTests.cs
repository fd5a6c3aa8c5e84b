namespace AutoDiff.Tests.Bench;

/// <summary>End-to-end: <c>autodiff probe</c> on a model it trains first and on a checkpoint from <c>train</c>.</summary>
public sealed class ProbeCommandTests
{
    [Fact]
    public void Probe_WithoutCheckpoint_TrainsSmallModelAndReportsCurvature()
    {
        using var temp = new TempFolder();
        var run = CliRun.Invoke("probe", "--dataset", "spirals", "--subset", "128", "--steps", "12", "-k", "3", "--probes", "1", "--out", temp["out"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("verdict:", run.Output, StringComparison.Ordinal);
        Assert.Contains("top 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("bottom 3", run.Output, StringComparison.Ordinal);
        ReportAssertions.HasSections(temp["out"], "curvature", "density");
        ReportAssertions.HasPlots(temp["out"], "density");
    }

    [Fact]
    public void Probe_CheckpointFromTrain_ProbesThatModel()
    {
        using var temp = new TempFolder();
        var train = CliRun.Invoke("train", "--dataset", "blobs", "--limit", "128", "--hidden", "8", "--epochs", "1", "--out", temp["train"]);
        Assert.True(train.ExitCode == 0, train.ToString());
        var run = CliRun.Invoke("probe", "--checkpoint", temp["train/checkpoint"], "--operator", "gauss-newton", "--subset", "64", "--steps", "10", "--probes", "0", "--out", temp["out"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("MLP 8-8-4", run.Output, StringComparison.Ordinal);
        Assert.Contains("Gauss-Newton", run.Output, StringComparison.Ordinal);
        ReportAssertions.HasSections(temp["out"], "curvature");
    }

    [Theory]
    [InlineData("{garbage")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{\"model\": \"mlp\", \"hidden\": \"eight\", \"activation\": \"relu\", \"dataset\": \"blobs\", \"inputs\": \"2\", \"classes\": \"4\", \"seed\": \"1\"}")]
    [InlineData("{\"model\": \"mlp\", \"hidden\": \"-5\", \"activation\": \"relu\", \"dataset\": \"blobs\", \"inputs\": \"2\", \"classes\": \"4\", \"seed\": \"1\"}")]
    [InlineData("{\"model\": \"foo\", \"hidden\": \"8\", \"activation\": \"relu\", \"dataset\": \"blobs\", \"inputs\": \"2\", \"classes\": \"4\", \"seed\": \"1\"}")]
    [InlineData("{\"model\": \"mlp\", \"hidden\": \"8\", \"activation\": \"relu\", \"dataset\": \"blobs\", \"inputs\": \"2\", \"classes\": \"0\", \"seed\": \"1\"}")]
    public void ProbeAndResume_CorruptModelJson_ExitTwoNamingTheFile(string json)
    {
        // Used to end in "failed with an unexpected error (a bug)" with a JsonException or FormatException stack trace.
        using var temp = new TempFolder();
        var train = CliRun.Invoke("train", "--dataset", "blobs", "--limit", "128", "--hidden", "8", "--epochs", "1", "--out", temp["train"]);
        Assert.True(train.ExitCode == 0, train.ToString());
        File.WriteAllText(Path.Combine(temp["train/checkpoint"], "model.json"), json);
        foreach (var args in new[]
        {
            new[] { "probe", "--checkpoint", temp["train/checkpoint"], "--subset", "64", "--steps", "5", "--probes", "0", "--out", temp["out"] },
            new[] { "train", "--resume", temp["train/checkpoint"], "--epochs", "2", "--out", temp["resumed"] },
        })
        {
            var run = CliRun.Invoke(args);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("model.json", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("unexpected error", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ProbeAndResume_UnknownDatasetInModelJson_ExitTwoNamingFileAndAllowedValues()
    {
        // Used to be trained and probed on the blobs set, silently.
        using var temp = new TempFolder();
        var train = CliRun.Invoke("train", "--dataset", "blobs", "--limit", "128", "--hidden", "8", "--epochs", "1", "--out", temp["train"]);
        Assert.True(train.ExitCode == 0, train.ToString());
        var spec = Path.Combine(temp["train/checkpoint"], "model.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"blobs\"", "\"mnist\"", StringComparison.Ordinal));
        foreach (var args in new[]
        {
            new[] { "probe", "--checkpoint", temp["train/checkpoint"], "--subset", "64", "--steps", "5", "--probes", "0", "--out", temp["out"] },
            new[] { "train", "--resume", temp["train/checkpoint"], "--epochs", "2", "--out", temp["resumed"] },
        })
        {
            var run = CliRun.Invoke(args);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("model.json", run.Error, StringComparison.Ordinal);
            Assert.Contains("'mnist'", run.Error, StringComparison.Ordinal);
            Assert.Contains("fashion-mnist, spirals, blobs", run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.Trim().Split('\n'));
        }
    }
}
