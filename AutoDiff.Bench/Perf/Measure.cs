using System.Diagnostics;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// Timing helpers for a noisy, shared machine: calibrated repetitions, figure and limit measured in alternation
/// (so that a slow phase hits both alike), and medians rather than means.
/// </summary>
public static class Measure
{
    /// <summary>Seconds per call of <paramref name="action"/>, timed over <paramref name="iterations"/> calls.</summary>
    public static double Seconds(Action action, long iterations)
    {
        ArgumentNullException.ThrowIfNull(action);
        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < iterations; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / iterations;
    }

    /// <summary>
    /// Warms <paramref name="action"/> up (JIT, first touch) and returns how many calls take about
    /// <paramref name="targetSeconds"/> (at least one).
    /// </summary>
    public static long Calibrate(Action action, double targetSeconds)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        long n = 1;
        while (true)
        {
            var perCall = Seconds(action, n);
            if (perCall * n >= targetSeconds / 4 || n >= 1L << 30)
            {
                return Math.Max(1L, (long)Math.Ceiling(targetSeconds / Math.Max(perCall, 1e-12)));
            }

            n *= 4;
        }
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Runs <see cref="PerfSettings.Reps"/> repetitions of a limit and a figure in alternation (limit first on even
    /// repetitions, figure first on odd ones, so a drift favours neither) after discarded pairs for
    /// <see cref="PerfSettings.WarmupSeconds"/> (so the JIT's tier-up is done), and returns the median of each.
    /// Each delegate runs one repetition and returns its measured value.
    /// </summary>
    public static (double Limit, double Figure) Interleaved(string label, PerfSettings settings, Func<double> limit, Func<double> figure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(figure);
        // Warm up for at least WarmupSeconds and then until the figure settles (two repetitions in a row within 5%):
        // a training step tiers up through thousands of calls, method by method, and is several times slower
        // before it has. Capped at four times the warm-up.
        var warmup = Stopwatch.StartNew();
        var previous = double.NaN;
        while (true)
        {
            _ = limit();
            var current = figure();
            var settled = Math.Abs(current - previous) <= 0.05 * Math.Abs(previous);
            previous = current;
            if (warmup.Elapsed.TotalSeconds >= 4 * settings.WarmupSeconds
                || (warmup.Elapsed.TotalSeconds >= settings.WarmupSeconds && settled))
            {
                break;
            }
        }

        var reps = settings.Reps;
        var limits = new List<double>(reps);
        var figures = new List<double>(reps);
        for (var r = 0; r < reps; r++)
        {
            if (!Console.IsErrorRedirected)
            {
                Console.Error.Write($"\r  {label}: rep {r + 1}/{reps}   ");
            }

            if (r % 2 == 0)
            {
                limits.Add(limit());
                figures.Add(figure());
            }
            else
            {
                figures.Add(figure());
                limits.Add(limit());
            }
        }

        var result = (Median(limits), Median(figures));
        Console.Error.WriteLine($"{(Console.IsErrorRedirected ? "" : "\r")}  {label}: figure {Format(result.Item2)} (range {Format(figures.Min())}..{Format(figures.Max())}), limit {Format(result.Item1)} (range {Format(limits.Min())}..{Format(limits.Max())})");
        return result;
    }

    /// <summary>A number with about four significant digits, invariant culture.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var abs = Math.Abs(value);
        var format = abs >= 1000 ? "0" : abs >= 100 ? "0.0" : abs >= 10 ? "0.00" : abs >= 0.01 || abs == 0 ? "0.000" : "0.###E+0";
        return value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    }
}
