using System.Globalization;

namespace AutoDiff.Bench.Reporting;

/// <summary>
/// Ticks for a log-scale axis drawn in log10 coordinates: decades, with 2 and 5 (or every digit) labelled as well when the
/// range spans too few decades for decade labels alone to read values off the plot (a loss from 0.02 to 0.7 showed only '0.1').
/// </summary>
public static class LogAxisTicks
{
    /// <summary>The fewest labelled ticks wanted inside the range.</summary>
    private const int MinLabels = 3;

    /// <summary>The most labelled decades before only every second (third, …) decade is labelled.</summary>
    private const int MaxDecadeLabels = 8;

    /// <summary>
    /// The ticks for the range [<paramref name="lo"/>, <paramref name="hi"/>] of log10 values: each position (a log10
    /// value) with its label, or a null label for a minor tick. Ticks cover one decade beyond each end, so an axis
    /// padded by the plot still has them.
    /// </summary>
    public static IReadOnlyList<(double Position, string? Label)> Compute(double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            return [];
        }

        if (lo > hi)
        {
            (lo, hi) = (hi, lo);
        }

        var first = (int)Math.Floor(lo) - 1;
        var last = (int)Math.Ceiling(hi) + 1;
        int[] labelled = [1];
        var decadeStep = Math.Max(1, (int)Math.Ceiling((hi - lo) / MaxDecadeLabels));
        if (decadeStep == 1)
        {
            foreach (var digits in new[] { new[] { 1 }, new[] { 1, 2, 5 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 } })
            {
                labelled = digits;
                if (CountInside(first, last, digits, lo, hi) >= MinLabels)
                {
                    break;
                }
            }
        }

        var ticks = new List<(double, string?)>();
        for (var decade = first; decade <= last; decade++)
        {
            for (var digit = 1; digit <= 9; digit++)
            {
                var position = decade + Math.Log10(digit);
                var label = digit == 1 ? decade % decadeStep == 0 : Array.IndexOf(labelled, digit) >= 0;
                ticks.Add((position, label ? Format(digit * Math.Pow(10, decade)) : null));
            }
        }

        return ticks;
    }

    private static int CountInside(int first, int last, int[] digits, double lo, double hi)
    {
        var count = 0;
        for (var decade = first; decade <= last; decade++)
        {
            foreach (var digit in digits)
            {
                var position = decade + Math.Log10(digit);
                if (position >= lo - 1e-9 && position <= hi + 1e-9)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
