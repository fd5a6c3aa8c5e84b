using Spectre.Console;

namespace AutoDiff.Bench.Cli;

/// <summary>
/// A long run's live display: a Spectre progress bar with a one-line status on a terminal; one plain line per tenth
/// of the run when the output is redirected, so logs stay clean.
/// </summary>
public static class LiveProgress
{
    /// <summary>Runs <paramref name="work"/>, giving it a callback that takes the units done (of <paramref name="total"/>) and a status line.</summary>
    public static T Run<T>(CliContext context, string title, long total, Func<Action<long, string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        total = Math.Max(1, total);
        if (!context.Interactive)
        {
            var lastTenth = -1L;
            return work((done, status) =>
            {
                var tenth = Math.Min(10, 10 * done / total);
                if (tenth != lastTenth)
                {
                    lastTenth = tenth;
                    context.Console.WriteLine($"  {title}: {status}");
                }
            });
        }

        T result = default!;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: total);
                result = work((done, status) =>
                {
                    task.Value = Math.Min(done, total);
                    task.Description = Markup.Escape($"{title}: {status}");
                });
                task.StopTask();
            });
        return result;
    }
}
