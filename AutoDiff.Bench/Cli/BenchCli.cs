using System.CommandLine;
using System.CommandLine.Help;
using AutoDiff.Bench.Demo;
using AutoDiff.Bench.Micro;
using AutoDiff.Bench.Perf;
using AutoDiff.Bench.Probe;
using AutoDiff.Bench.Suite;
using AutoDiff.Bench.Train;

namespace AutoDiff.Bench.Cli;

/// <summary>
/// The <c>autodiff</c> command line: parses with System.CommandLine, runs one command and maps the outcome to an exit
/// code (0 success, 1 failed run, 2 bad usage). Tests call <see cref="Run(string[], TextWriter, TextWriter, CancellationToken)"/> in-process.
/// </summary>
public static class BenchCli
{
    /// <summary>Runs <paramref name="args"/> writing to the process's console; Ctrl+C cancels the token.</summary>
    public static int Run(string[] args, CancellationToken cancellation) =>
        Run(args, Console.Out, Console.Error, cancellation, isTerminal: !Console.IsOutputRedirected);

    /// <summary>Runs <paramref name="args"/> writing plain text (no colours, no live display) to the given writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default) =>
        Run(args, output, error, cancellation, isTerminal: false);

    private static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation, bool isTerminal)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(Terminal.Create(output, isTerminal), error, cancellation);
        var (root, examples) = Build(context);
        // No command, or only options (autodiff --out DIR), runs the demo; --help and --version stay the root's.
        var rootOnly = args.Length > 0 && args[0] is "--help" or "-h" or "-?" or "--version";
        var parse = root.Parse(args.Length == 0 || (args[0].StartsWith('-') && !rootOnly) ? ["demo", .. args] : args);
        var command = CommandPath(parse.CommandResult.Command, root);
        if (parse.Action is not ExamplesHelpAction && parse.Errors.Count > 0)
        {
            error.WriteLine($"{command}: {Describe(parse, root)} (see '{command} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (UsageException e)
        {
            error.WriteLine($"{command}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"{command}: interrupted.");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException or ArgumentException or NotSupportedException or ArithmeticException)
        {
            error.WriteLine($"{command}: failed: {e.Message}");
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The command's last line of defence: a bug still ends with exit code 1 and its stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"{command}: failed with an unexpected error (a bug; please report it): {e}");
            return ExitCodes.Failure;
        }
    }

    private static (RootCommand Root, Dictionary<Command, string[]> Examples) Build(CliContext context)
    {
        var root = new RootCommand("autodiff: train, check and probe neural networks with AutoDiff; with no command, runs 'demo' (a report in ./autodiff-out).");
        var examples = new Dictionary<Command, string[]>
        {
            [root] = ["autodiff", "autodiff demo --out report", "autodiff train --help", "autodiff perf --quick"],
        };
        void Add(Command command, string[] lines)
        {
            root.Subcommands.Add(command);
            examples[command] = lines;
        }

        Add(DemoCommand.Create(context), DemoCommand.Examples);
        Add(TrainCommand.Create(context), TrainCommand.Examples);
        Add(ProbeCommand.Create(context), ProbeCommand.Examples);
        Add(SuiteCommand.Create(context), SuiteCommand.Examples);
        Add(PerfCommand.Create(context), PerfCommand.Examples);
        Add(MicroCommand.Create(), MicroCommand.Examples);
        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction inner)
            {
                help.Action = new ExamplesHelpAction(inner, examples);
            }
        }

        return (root, examples);
    }

    /// <summary>One line for the first parse error: unknown options name the allowed ones; validators name the option and its values.</summary>
    private static string Describe(ParseResult parse, RootCommand root)
    {
        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            var options = command.Options.Where(o => !o.Hidden).Select(o => o.Name).Concat(root.Options.Where(o => o.Recursive).Select(o => o.Name)).Distinct();
            if (command == root)
            {
                return $"unknown command '{token}'; allowed commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}.";
            }

            return token.StartsWith('-')
                ? $"unknown option '{token}'; allowed options: {string.Join(", ", options)}."
                : $"unexpected argument '{token}'; allowed options: {string.Join(", ", options)}.";
        }

        // Validators name the option and what it accepts; when System.CommandLine itself reports a value that does
        // not convert, its message names the option too.
        var messages = parse.Errors.Select(e => e.Message.ReplaceLineEndings(" ").Trim()).ToList();
        var message = messages.FirstOrDefault(m => m.Contains("allowed values", StringComparison.Ordinal)) ?? messages[0];
        return message;
    }

    private static string CommandPath(Command command, RootCommand root) => command == root ? "autodiff" : $"autodiff {command.Name}";
}
