using AutoDiff.Bench.Reporting;
using Spectre.Console;

namespace AutoDiff.Bench.Cli;

/// <summary>Shows a <see cref="ReportTable"/> on the console, the same table the report holds.</summary>
public static class ConsoleTables
{
    /// <summary>Writes <paramref name="table"/> with a title (a plain ASCII grid when the output is redirected).</summary>
    public static void Show(CliContext context, string title, ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(table);
        var view = new Table { Title = new TableTitle(Markup.Escape(title)) };
        view.Border(context.Interactive ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (var header in table.Headers)
        {
            view.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in table.Rows)
        {
            view.AddRow(row.Select(c => new Text(c)).ToArray());
        }

        context.Console.Write(view);
    }
}
