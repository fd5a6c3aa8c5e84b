using System.Globalization;
using System.Net;
using System.Text;

namespace AutoDiff.Bench.Reporting;

/// <summary>
/// Writes a <see cref="Report"/> into a folder: <c>report.md</c>, a self-contained <c>report.html</c> (plots inline as
/// SVG, styles inline, a content-security policy that forbids any network access) and one PNG per plot.
/// </summary>
public static class ReportWriter
{
    /// <summary>The Markdown file's name.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>The HTML file's name.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>Writes the report and returns the paths written.</summary>
    public static IReadOnlyList<string> Write(Report report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var svgs = new Dictionary<PlotSpec, string>();
        foreach (var plot in report.Plots)
        {
            svgs[plot] = PlotRenderer.Render(plot, folder);
            written.Add(Path.Combine(folder, plot.Id + ".png"));
        }

        var md = Path.Combine(folder, MarkdownFile);
        AtomicFile.WriteAllText(md, Markdown(report));
        written.Add(md);
        var html = Path.Combine(folder, HtmlFile);
        AtomicFile.WriteAllText(html, Html(report, svgs));
        written.Add(html);
        return written;
    }

    /// <summary>The report as Markdown, with the plots as PNG images beside it.</summary>
    public static string Markdown(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(report.Title).AppendLine();
        foreach (var line in report.Summary)
        {
            sb.Append("- ").AppendLine(line);
        }

        sb.AppendLine();
        foreach (var section in report.Sections)
        {
            sb.Append("## ").AppendLine(section.Heading).AppendLine();
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case string text:
                        sb.AppendLine(text).AppendLine();
                        break;
                    case ReportTable table:
                        sb.Append("| ").AppendJoin(" | ", table.Headers.Select(MdCell)).AppendLine(" |");
                        sb.Append('|').AppendJoin('|', table.Headers.Select(_ => " --- ")).AppendLine("|");
                        foreach (var row in table.Rows)
                        {
                            sb.Append("| ").AppendJoin(" | ", row.Select(MdCell)).AppendLine(" |");
                        }

                        sb.AppendLine();
                        break;
                    case PlotSpec plot:
                        sb.Append("![").Append(plot.Title).Append("](").Append(plot.Id).AppendLine(".png)");
                        if (plot.Caption is not null)
                        {
                            sb.AppendLine().Append('*').Append(plot.Caption).AppendLine("*");
                        }

                        sb.AppendLine();
                        break;
                }
            }
        }

        return sb.ToString();
    }

    private static string Html(Report report, IReadOnlyDictionary<PlotSpec, string> svgs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\">");
        sb.AppendLine("<head>");
        sb.AppendLine("<meta charset=\"utf-8\">");
        sb.AppendLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        sb.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(E(report.Title)).AppendLine("</title>");
        sb.AppendLine("<style>");
        sb.AppendLine(Css);
        sb.AppendLine("</style>");
        sb.AppendLine("</head>");
        sb.AppendLine("<body>");
        sb.AppendLine("<main>");
        sb.Append("<h1>").Append(E(report.Title)).AppendLine("</h1>");
        if (report.Summary.Count > 0)
        {
            sb.AppendLine("<ul class=\"summary\">");
            foreach (var line in report.Summary)
            {
                sb.Append("<li>").Append(E(line)).AppendLine("</li>");
            }

            sb.AppendLine("</ul>");
        }

        sb.AppendLine("<nav><ol>");
        foreach (var section in report.Sections)
        {
            sb.Append("<li><a href=\"#").Append(E(section.Id)).Append("\">").Append(E(section.Heading)).AppendLine("</a></li>");
        }

        sb.AppendLine("</ol></nav>");
        foreach (var section in report.Sections)
        {
            sb.Append("<section id=\"").Append(E(section.Id)).AppendLine("\">");
            sb.Append("<h2>").Append(E(section.Heading)).AppendLine("</h2>");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case string text:
                        sb.Append("<p>").Append(E(text)).AppendLine("</p>");
                        break;
                    case ReportTable table:
                        sb.Append("<div class=\"table-wrap\"><table id=\"table-").Append(E(table.Id)).AppendLine("\">");
                        sb.Append("<thead><tr>").AppendJoin(string.Empty, table.Headers.Select(h => $"<th>{E(h)}</th>")).AppendLine("</tr></thead>");
                        sb.AppendLine("<tbody>");
                        foreach (var row in table.Rows)
                        {
                            sb.Append("<tr>").AppendJoin(string.Empty, row.Select(c => IsNumber(c) ? $"<td class=\"num\">{E(c)}</td>" : $"<td>{E(c)}</td>")).AppendLine("</tr>");
                        }

                        sb.AppendLine("</tbody></table></div>");
                        break;
                    case PlotSpec plot:
                        sb.Append("<figure class=\"plot\" id=\"plot-").Append(E(plot.Id)).AppendLine("\">");
                        sb.AppendLine(svgs[plot]);
                        sb.Append("<figcaption>").Append(E(plot.Caption ?? plot.Title)).Append(" (<code>").Append(E(plot.Id)).AppendLine(".png</code>)</figcaption>");
                        sb.AppendLine("</figure>");
                        break;
                }
            }

            sb.AppendLine("</section>");
        }

        sb.Append("<footer>Written by <code>autodiff</code> at ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).AppendLine(".</footer>");
        sb.AppendLine("</main>");
        sb.AppendLine("</body>");
        sb.AppendLine("</html>");
        return sb.ToString();
    }

    private const string Css = """
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 1.7em; margin: 0.2em 0 0.4em; }
        h2 { font-size: 1.3em; border-bottom: 1px solid #d8dce3; padding-bottom: 4px; margin-top: 1.8em; }
        ul.summary { color: #444c5c; padding-left: 1.2em; }
        nav ol { columns: 2; color: #444c5c; }
        nav a { color: #1f5fb4; text-decoration: none; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; margin: 12px 0; font-size: 0.9em; }
        th, td { border: 1px solid #d8dce3; padding: 4px 10px; text-align: left; }
        th { background: #eef1f5; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        figure.plot { margin: 16px 0; }
        figure.plot svg { width: 100%; max-width: 720px; height: auto; display: block; border: 1px solid #e3e6eb; }
        figcaption { color: #5a6272; font-size: 0.9em; margin-top: 4px; }
        footer { margin-top: 3em; color: #8a919e; font-size: 0.85em; }
        """;

    private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string MdCell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
