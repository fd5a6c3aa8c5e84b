using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace AutoDiff.Bench.Cli;

/// <summary>The standard help, followed by the examples of the command it was asked for.</summary>
public sealed class ExamplesHelpAction(HelpAction inner, IReadOnlyDictionary<Command, string[]> examples) : SynchronousCommandLineAction
{
    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        inner.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines) && lines.Length > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in lines)
            {
                output.WriteLine($"  {line}");
            }

            output.WriteLine();
        }

        return ExitCodes.Success;
    }
}
