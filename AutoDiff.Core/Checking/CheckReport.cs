using System.Globalization;

namespace AutoDiff.Checking;

/// <summary>
/// The outcome of a derivative check: whether every compared element passed, and the worst one (the largest
/// ratio of its error to its tolerance) with its index, analytic and numeric values.
/// </summary>
public sealed class CheckReport
{
    internal CheckReport(string kind, CheckOptions options)
    {
        Kind = kind;
        Options = options;
    }

    /// <summary>What was checked ("gradient", "directional gradient", "JVP", "HVP").</summary>
    public string Kind { get; }

    /// <summary>The tolerances used.</summary>
    public CheckOptions Options { get; }

    /// <summary>Whether every element was within tolerance (and, for HVPs, the symmetry test passed).</summary>
    public bool Passed => WorstRatio <= 1 && SymmetryPassed;

    /// <summary>How many values were compared.</summary>
    public int Compared { get; private set; }

    /// <summary>The largest |analytic − numeric|.</summary>
    public double MaxAbsError { get; private set; }

    /// <summary>The largest |analytic − numeric| / max(|numeric|, tiny).</summary>
    public double MaxRelError { get; private set; }

    /// <summary>The worst element's error over its tolerance; ≤ 1 means it passed.</summary>
    public double WorstRatio { get; private set; }

    /// <summary>Where the worst element is: which argument (for several) and its multi-index.</summary>
    public string WorstLocation { get; private set; } = "-";

    /// <summary>The analytic value at the worst element.</summary>
    public double Analytic { get; private set; }

    /// <summary>The numeric (finite-difference) value at the worst element.</summary>
    public double Numeric { get; private set; }

    /// <summary>For HVP checks, |uᵀ(Hv) − vᵀ(Hu)| / max(|uᵀ(Hv)|, |vᵀ(Hu)|, 1e-300); otherwise 0.</summary>
    public double SymmetryError { get; internal set; }

    internal bool SymmetryPassed { get; set; } = true;

    internal void Add(double analytic, double numeric, string location)
    {
        Compared++;
        var abs = Math.Abs(analytic - numeric);
        var ratio = abs / (Options.Atol + (Options.Rtol * Math.Abs(numeric)));
        if (double.IsNaN(abs))
        {
            ratio = double.PositiveInfinity;
        }

        MaxAbsError = Math.Max(MaxAbsError, abs);
        MaxRelError = Math.Max(MaxRelError, abs / Math.Max(Math.Abs(numeric), 1e-300));
        if (ratio > WorstRatio || Compared == 1)
        {
            WorstRatio = ratio;
            WorstLocation = location;
            Analytic = analytic;
            Numeric = numeric;
        }
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> with this report when the check failed.</summary>
    public CheckReport EnsurePassed()
    {
        return Passed ? this : throw new InvalidOperationException(ToString());
    }

    /// <summary>A one-paragraph summary.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var s = string.Create(c, $"{Kind} check {(Passed ? "PASSED" : "FAILED")}: {Compared} values, max abs error {MaxAbsError:G3}, max rel error {MaxRelError:G3}; " +
            $"worst at {WorstLocation}: analytic {Analytic:G10} vs numeric {Numeric:G10} (error/tolerance {WorstRatio:G3}; eps {Options.Eps:G2}, atol {Options.Atol:G2}, rtol {Options.Rtol:G2})");
        if (Kind == "HVP")
        {
            s += string.Create(c, $"; symmetry |uᵀHv − vᵀHu| relative {SymmetryError:G3}");
        }

        return s;
    }
}
