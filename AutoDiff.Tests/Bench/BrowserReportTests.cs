using System.Diagnostics;

namespace AutoDiff.Tests.Bench;

/// <summary>
/// The demo's report.html opened in headless Chromium (Debian package <c>chromium</c>, installed by .ci/run): the
/// rendered DOM has every section and every plot's SVG, and a screenshot is not blank.
/// </summary>
public sealed class BrowserReportTests(DemoRunFixture demo) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void ReportHtml_InHeadlessChromium_RendersEverySectionAndPlot()
    {
        Assert.True(demo.Run.ExitCode == 0, demo.Run.ToString());
        var browser = FindChromium();
        using var temp = new TempFolder();
        var page = new Uri(Path.Combine(demo.Folder, "report.html")).AbsoluteUri;

        var dom = Chromium(browser, temp["profile-dom"], $"--dump-dom {page}");
        foreach (var id in DemoRunFixture.Sections)
        {
            Assert.Contains($"<section id=\"{id}\">", dom, StringComparison.Ordinal);
        }

        foreach (var id in DemoRunFixture.Plots)
        {
            var at = dom.IndexOf($"id=\"plot-{id}\"", StringComparison.Ordinal);
            Assert.True(at >= 0, $"the rendered DOM has no plot '{id}'");
            Assert.True(dom.IndexOf("<svg", at, StringComparison.Ordinal) is var svg && svg > 0 && svg < dom.IndexOf("</figure>", at, StringComparison.Ordinal), $"plot '{id}' has no SVG in the rendered DOM");
        }

        var shot = temp["shot.png"];
        Chromium(browser, temp["profile-shot"], $"--window-size=1000,1400 --screenshot={shot} {page}");
        var png = PngImage.Read(shot);
        Assert.Equal(1000, png.Width);
        Assert.True(png.NonBackgroundFraction() > 0.05, $"the screenshot is almost blank ({png.NonBackgroundFraction():P1} non-background)");
        Assert.True(png.DistinctColours() > 50, "the screenshot has too few colours to hold text and plots");
    }

    private static string FindChromium()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("headless Chromium is needed for this test: apt-get install -y chromium (.ci/run installs it).");
        return string.Empty;
    }

    private static string Chromium(string browser, string profile, string arguments)
    {
        var start = new ProcessStartInfo(browser, $"--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir={profile} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within 90 s: {arguments}");
        }

        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
