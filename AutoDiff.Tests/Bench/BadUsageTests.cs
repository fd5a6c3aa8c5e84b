using AutoDiff.Nn;

namespace AutoDiff.Tests.Bench;

/// <summary>Bad usage ends with exit code 2 and one line that names the option and what it allows, before any work.</summary>
public sealed class BadUsageTests
{
    [Fact]
    public void Demo_UnknownOption_ExitsTwoNamingItAndTheAllowedOptions()
    {
        var run = CliRun.Invoke("demo", "--bogus");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'--bogus'", run.Error, StringComparison.Ordinal);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Perf_OnlyMatchingNothing_ExitsTwoNamingTheWorkloads()
    {
        var run = CliRun.Invoke("perf", "--only", "nosuch");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'nosuch'", run.Error, StringComparison.Ordinal);
        Assert.Contains("GEMM", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("targets met", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Perf_Help_ListsTheWorkloadNames()
    {
        var run = CliRun.Invoke("perf", "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("GEMM", run.Output, StringComparison.Ordinal);
        Assert.Contains("gradient vs HVP", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("train")]
    [InlineData("probe")]
    [InlineData("suite")]
    [InlineData("perf")]
    public void Help_EveryCommand_ShowsUsageAndExamples(string command)
    {
        var run = CliRun.Invoke(command, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Examples:", run.Output, StringComparison.Ordinal);
        Assert.Contains($"autodiff {command}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_UnknownCommand_ExitsTwoListingTheCommands()
    {
        var run = CliRun.Invoke("nosuch");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'nosuch'", run.Error, StringComparison.Ordinal);
        Assert.Contains("train", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--optimizer", "nosuch", "allowed values: sgd")]
    [InlineData("--schedule", "linearish", "allowed values: constant")]
    [InlineData("--epochs", "0", "allowed values: an integer, 1 to 100000")]
    [InlineData("--lr", "-1", "allowed values: a number greater than 0")]
    [InlineData("--hidden", "12,x", "allowed values: comma-separated widths")]
    [InlineData("--average", "swa", "allowed values: none, ema, polyak")]
    [InlineData("--epochs", "abc", "allowed values: an integer, 1 to 100000")]
    [InlineData("--lr", "fast", "allowed values: a number greater than 0")]
    public void Train_ValueOutOfRange_ExitsTwoNamingOptionAndAllowedValues(string option, string value, string allowed)
    {
        var run = CliRun.Invoke("train", option, value);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
        Assert.Contains(allowed, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Suite_UnknownProblem_ExitsTwoListingTheProblems()
    {
        var run = CliRun.Invoke("suite", "--problems", "rosenbrock-2d,nosuch");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'nosuch'", run.Error, StringComparison.Ordinal);
        Assert.Contains("quadratic-k1e5-rotated", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_UnwritableOut_ExitsTwoBeforeAnyWork()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp["file"], "not a folder");
        var run = CliRun.Invoke("demo", "--quick", "--out", Path.Combine(temp["file"], "report"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
        Assert.Contains("not writable", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Derivative checks", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MissingDataset_ExitsTwoSayingHowToInstallIt()
    {
        using var temp = new TempFolder();
        var run = CliRun.Invoke("train", "--data", temp["nothing-here"], "--out", temp["out"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("apt-get install dataset-fashion-mnist", run.Error, StringComparison.Ordinal);
        Assert.Contains("--data", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_CheckpointThatDoesNotFit_ExitsTwoNamingTheTensor()
    {
        using var temp = new TempFolder();
        var train = CliRun.Invoke("train", "--dataset", "spirals", "--limit", "64", "--hidden", "8", "--epochs", "1", "--out", temp["out"]);
        Assert.True(train.ExitCode == 0, train.ToString());

        // Weights of an MLP 2-4-2 where the spec says 2-8-2.
        Checkpoint.Save(Mlp.Create([2, 4, 2], Activation.Tanh, rng: new Rng(1)), temp["out/checkpoint/model.safetensors"]);
        var run = CliRun.Invoke("probe", "--checkpoint", temp["out/checkpoint"], "--out", temp["probe"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'0.weight'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_MissingCheckpoint_ExitsTwoNamingTheFile()
    {
        using var temp = new TempFolder();
        var run = CliRun.Invoke("probe", "--checkpoint", temp["none"], "--out", temp["out"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("none", run.Error, StringComparison.Ordinal);
        Assert.Contains("model.json", run.Error, StringComparison.Ordinal);
    }
}
