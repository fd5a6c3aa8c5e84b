using System.Globalization;
using AutoDiff.Bench.Training;
using Spectre.Console;

namespace AutoDiff.Bench.Cli;

/// <summary>
/// A training run's live display: a Spectre progress bar with epoch, step, loss, accuracy, learning rate and
/// examples per second on a terminal; one plain line per tenth of the run when the output is redirected.
/// </summary>
public static class LiveProgress
{
    /// <summary>Runs <paramref name="work"/>, giving it the callback that updates the display.</summary>
    public static T Run<T>(CliContext context, string title, Func<Action<TrainingProgress>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.Interactive)
        {
            var lastTenth = -1L;
            return work(p =>
            {
                var tenth = p.TotalSteps == 0 ? 10 : 10 * p.Step / p.TotalSteps;
                if (tenth != lastTenth)
                {
                    lastTenth = tenth;
                    context.Console.WriteLine($"  {title}: {Describe(p)}");
                }
            });
        }

        T result = default!;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title));
                result = work(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalSteps);
                    task.Value = p.Step;
                    task.Description = Markup.Escape($"{title} {Describe(p)}");
                });
                task.StopTask();
            });
        return result;
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="total"/> items; its callback takes the items done and a label.</summary>
    public static T RunCounted<T>(CliContext context, string title, int total, Func<Action<int, string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.Interactive)
        {
            var lastLabel = string.Empty;
            return work((done, label) =>
            {
                if (label != lastLabel)
                {
                    lastLabel = label;
                    context.Console.WriteLine($"  {title}: {done}/{total} {label}");
                }
            });
        }

        T result = default!;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                result = work((done, label) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape($"{title}: {label}");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    private static string Describe(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:0.0000} acc {(double.IsNaN(p.Accuracy) ? "-" : p.Accuracy.ToString("P1", CultureInfo.InvariantCulture))} lr {p.LearningRate:G3} {p.ExamplesPerSecond:0} ex/s");
}
