using System.Globalization;
using System.Text.Json;

namespace AutoDiff.Tests.Bench;

/// <summary>Checks shared by the end-to-end tests: report sections, PNGs and the curve files.</summary>
public static class ReportAssertions
{
    /// <summary>report.md and report.html exist, and every section heading is in the Markdown and every id in the HTML.</summary>
    public static void HasSections(string folder, params string[] ids)
    {
        var md = File.ReadAllText(Path.Combine(folder, "report.md"));
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.StartsWith("# ", md, StringComparison.Ordinal);
        foreach (var id in ids)
        {
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    /// <summary>Each named PNG exists, has the signature and an IHDR size between 200×150 and 4000×4000, and is referenced by report.md and inlined as SVG in report.html.</summary>
    public static void HasPlots(string folder, params string[] plotIds)
    {
        var md = File.ReadAllText(Path.Combine(folder, "report.md"));
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        foreach (var id in plotIds)
        {
            var png = PngImage.Read(Path.Combine(folder, id + ".png"));
            Assert.InRange(png.Width, 200, 4000);
            Assert.InRange(png.Height, 150, 4000);
            Assert.Contains($"]({id}.png)", md, StringComparison.Ordinal);
            var figure = html.IndexOf($"<figure class=\"plot\" id=\"plot-{id}\">", StringComparison.Ordinal);
            Assert.True(figure >= 0, $"report.html has no figure for plot '{id}'");
            Assert.True(html.IndexOf("<svg", figure, StringComparison.Ordinal) is var svg && svg > figure && svg < html.IndexOf("</figure>", figure, StringComparison.Ordinal), $"plot '{id}' has no inline SVG");
        }
    }

    /// <summary>curve.csv has the expected header and numeric rows; curve.json is an array of objects with the same keys.</summary>
    public static string[][] HasCurve(string folder, int minRows)
    {
        string[] expected = ["step", "epoch", "learning_rate", "gradient_norm", "update_ratio", "monitor_loss", "monitor_accuracy", "validation_loss", "validation_accuracy", "seconds"];
        var lines = File.ReadAllLines(Path.Combine(folder, "curve.csv"));
        Assert.Equal(expected, lines[0].Split(','));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.True(rows.Length >= minRows, $"curve.csv has {rows.Length} rows, expected at least {minRows}");
        foreach (var row in rows)
        {
            Assert.Equal(expected.Length, row.Length);
            Assert.All(row, cell => Assert.True(cell == "NaN" || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"'{cell}' is not a number"));
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "curve.json")));
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(rows.Length, json.RootElement.GetArrayLength());
        foreach (var item in json.RootElement.EnumerateArray())
        {
            Assert.Equal(expected, item.EnumerateObject().Select(p => p.Name).ToArray());
        }

        return rows;
    }
}
