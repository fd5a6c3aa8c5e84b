namespace AutoDiff.Tests.Bench;

/// <summary>End-to-end: <c>autodiff demo --quick</c> checks, trains, probes and writes a complete report.</summary>
public sealed class DemoCommandTests(DemoRunFixture demo) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void Demo_Quick_ExitsZeroAndReportsChecksAndCurvature()
    {
        Assert.True(demo.Run.ExitCode == 0, demo.Run.ToString());
        Assert.Contains("HVP", demo.Run.Output, StringComparison.Ordinal);
        Assert.Contains("λmax", demo.Run.Output, StringComparison.Ordinal);
        Assert.Contains("2/λmax", demo.Run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", demo.Run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Quick_ReportHasEverySectionAndPlot()
    {
        ReportAssertions.HasSections(demo.Folder, DemoRunFixture.Sections);
        ReportAssertions.HasPlots(demo.Folder, DemoRunFixture.Plots);
        var md = File.ReadAllText(Path.Combine(demo.Folder, "report.md"));
        Assert.Contains("## Step size against curvature", md, StringComparison.Ordinal);
        Assert.Contains("| learning rate used |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Quick_CurveFilesParseWithExpectedColumns()
    {
        var rows = ReportAssertions.HasCurve(demo.Folder, minRows: 3);
        Assert.Equal("0", rows[0][0]);
    }

    [Fact]
    public void Demo_Quick_PlotsAreNotBlank()
    {
        foreach (var id in DemoRunFixture.Plots)
        {
            var png = PngImage.Read(Path.Combine(demo.Folder, id + ".png"));
            Assert.True(png.NonBackgroundFraction() > 0.01, $"{id}.png looks blank");
        }
    }

    [Fact]
    public void Demo_DivergingLearningRate_WritesTheReportAndExitsOne()
    {
        // Used to fail in the after-training Lanczos probe on NaN weights ("failed: Lanczos: … non-finite"), with no report.
        using var temp = new TempFolder();
        var run = CliRun.Invoke("demo", "--quick", "--lr", "1e308", "--out", temp["out"]);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("DIVERGED", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Lanczos", run.Error, StringComparison.Ordinal);
        ReportAssertions.HasSections(temp["out"], "checks", "training-curve", "curvature-init", "curvature-final");
        var md = File.ReadAllText(Path.Combine(temp["out"], "report.md"));
        Assert.Contains("Not probed: training diverged", md, StringComparison.Ordinal);
        Assert.Contains("Not probed: training diverged", run.Output, StringComparison.Ordinal);
    }
}
