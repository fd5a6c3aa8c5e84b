using Spectre.Console;

namespace AutoDiff.Bench.Cli;

/// <summary>Creates the Spectre console: colours and live display only on a real terminal, plain text when redirected.</summary>
public static class Terminal
{
    /// <summary>A console over <paramref name="writer"/>; <paramref name="isTerminal"/> says whether it is the process's own, unredirected stdout.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTerminal)
        {
            // Logs keep whole table rows on one line.
            console.Profile.Width = 160;
        }

        return console;
    }
}
