using System.Text.Json;

namespace AutoDiff.Tests.Bench;

/// <summary>End-to-end: <c>autodiff suite --quick</c> on a few problems writes the table (Markdown, JSON) and curve plots.</summary>
public sealed class SuiteCommandTests
{
    [Fact]
    public void Suite_QuickSubset_WritesTableJsonAndPlots()
    {
        using var temp = new TempFolder();
        var run = CliRun.Invoke("suite", "--quick", "--problems", "quadratic-k10-rotated,rosenbrock-2d,regression-offset", "--optimizers", "sgd,adam,lbfgs,newton-cg", "--out", temp["out"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("quadratic-k10-rotated", run.Output, StringComparison.Ordinal);
        ReportAssertions.HasSections(temp["out"], "results", "problems", "curves");
        ReportAssertions.HasPlots(temp["out"], "suite-quadratic-k10-rotated", "suite-rosenbrock-2d", "suite-regression-offset");
        var md = File.ReadAllText(temp["out/suite.md"]);
        Assert.Contains("| problem | optimizer | best lr | steps to target | seconds to target | final loss | diverged |", md, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(temp["out/suite.json"]));
        var runs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3 * (5 + 5 + 2 + 1), runs.Count);
        string[] keys = ["problem", "optimizer", "lr", "initial_loss", "final_loss", "best_loss", "target", "steps_to_target", "seconds_to_target", "diverged", "seconds", "best_lr"];
        Assert.All(runs, r => Assert.Equal(keys, r.EnumerateObject().Select(p => p.Name).ToArray()));

        // Plain SGD at lr 1 on a rotated κ = 10 quadratic with λmax = 10 must diverge (lr > 2/λmax); the suite says so.
        var sgdAtOne = runs.Single(r => r.GetProperty("problem").GetString() == "quadratic-k10-rotated" && r.GetProperty("optimizer").GetString() == "sgd" && r.GetProperty("lr").GetDouble() == 1);
        Assert.True(sgdAtOne.GetProperty("diverged").GetBoolean());
        Assert.Contains(runs, r => r.GetProperty("problem").GetString() == "quadratic-k10-rotated" && r.GetProperty("steps_to_target").ValueKind == JsonValueKind.Number);

        // Newton-CG has no learning rate, and solves the unnormalised regression that plain SGD cannot.
        var newton = runs.Single(r => r.GetProperty("problem").GetString() == "regression-offset" && r.GetProperty("optimizer").GetString() == "newton-cg");
        Assert.Equal(JsonValueKind.Null, newton.GetProperty("lr").ValueKind);
        Assert.Equal(JsonValueKind.Number, newton.GetProperty("steps_to_target").ValueKind);
        Assert.All(runs.Where(r => r.GetProperty("problem").GetString() == "regression-offset" && r.GetProperty("optimizer").GetString() == "sgd"), r => Assert.True(r.GetProperty("diverged").GetBoolean()));
    }
}
