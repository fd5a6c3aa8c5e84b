using Spectre.Console;

namespace AutoDiff.Bench.Cli;

/// <summary>Where a command writes and how it is stopped: the console (plain when redirected), the error stream and Ctrl+C.</summary>
/// <param name="Console">Tables, progress and results.</param>
/// <param name="Error">Error messages and plain progress notes.</param>
/// <param name="Cancellation">Signalled by Ctrl+C: a command stops at the next step and saves what it has.</param>
public sealed record CliContext(IAnsiConsole Console, TextWriter Error, CancellationToken Cancellation)
{
    /// <summary>Whether live displays (progress bars) may redraw the screen.</summary>
    public bool Interactive => Console.Profile.Capabilities.Interactive;

    /// <summary>Writes a plain line (not read as markup; never wrapped when the output is a log).</summary>
    public void Line(string text = "")
    {
        if (Interactive)
        {
            Console.WriteLine(text);
        }
        else
        {
            Console.Profile.Out.Writer.WriteLine(text);
        }
    }

    /// <summary>Writes a line in a colour when the console has colours.</summary>
    public void Styled(string text, string style)
    {
        if (Interactive)
        {
            Console.MarkupLine($"[{style}]{Markup.Escape(text)}[/]");
        }
        else
        {
            Line(text);
        }
    }
}
