using AutoDiff.Bench.Cli;

namespace AutoDiff.Bench;

/// <summary>The <c>autodiff</c> command: <c>demo</c> (default), <c>train</c>, <c>probe</c>, <c>suite</c>, <c>perf</c> and <c>micro</c>.</summary>
public static class Program
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code; Ctrl+C stops it cleanly.</summary>
    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl+C asks the run to stop after its current step and save; a second one ends the process.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
                Console.Error.WriteLine("autodiff: stopping after the current step (Ctrl+C again to abort)...");
            }
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            return BenchCli.Run(args, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }
}
