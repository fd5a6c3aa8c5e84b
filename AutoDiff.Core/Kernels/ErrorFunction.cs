namespace AutoDiff.Kernels;

/// <summary>
/// The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt in double precision (relative error below 1e-14): its Maclaurin
/// series below |x| = 2.5, where the alternating terms cancel by less than two digits; 1 − erfc |x| from the
/// continued fraction erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))) up to |x| = 6; ±1 beyond.
/// </summary>
internal static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>erf <paramref name="x"/>.</summary>
    public static double Erf(double x)
    {
        var a = Math.Abs(x);
        if (a < 2.5)
        {
            return Series(x);
        }

        return a > 6 ? Math.CopySign(1.0, x) : Math.CopySign(1 - ComplementOfPositive(a), x);
    }

    private static double Series(double x)
    {
        // Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)), summed until a term no longer changes the total.
        var x2 = x * x;
        var term = x;
        var total = x;
        for (var n = 1; n < 100; n++)
        {
            term *= -x2 / n;
            var add = term / ((2 * n) + 1);
            total += add;
            if (Math.Abs(add) <= 1e-17 * Math.Abs(total))
            {
                break;
            }
        }

        return TwoOverSqrtPi * total;
    }

    private static double ComplementOfPositive(double x)
    {
        // The continued fraction evaluated from its 60th level up: ample for x ≥ 2.5.
        var f = x;
        for (var n = 60; n > 0; n--)
        {
            f = x + (n * 0.5 / f);
        }

        return Math.Exp(-x * x) * OneOverSqrtPi / f;
    }
}
