using AutoDiff.Bench.Reporting;

namespace AutoDiff.Tests.Bench;

public sealed class LogAxisTicksTests
{
    private static string[] LabelsInside(double lo, double hi)
        => LogAxisTicks.Compute(Math.Log10(lo), Math.Log10(hi))
            .Where(t => t.Label is not null && t.Position >= Math.Log10(lo) - 1e-9 && t.Position <= Math.Log10(hi) + 1e-9)
            .Select(t => t.Label!)
            .ToArray();

    [Fact]
    public void Compute_LossFromTwoHundredthsToSevenTenths_LabelsOneTwoFive()
    {
        // The demo's loss plot: decade labels alone gave only '0.1'.
        Assert.Equal(["0.02", "0.05", "0.1", "0.2", "0.5"], LabelsInside(0.02, 0.7));
    }

    [Fact]
    public void Compute_WithinOneOctave_LabelsEveryDigit()
    {
        Assert.Equal(["0.3", "0.4", "0.5"], LabelsInside(0.25, 0.55));
    }

    [Fact]
    public void Compute_FourDecades_LabelsDecadesOnly()
    {
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10"], LabelsInside(0.001, 10));
    }

    [Fact]
    public void Compute_TwentyDecades_LabelsAtMostNineDecades()
    {
        var labels = LabelsInside(1e-20, 1);
        Assert.InRange(labels.Length, 3, 9);
        Assert.Contains("1", labels);
    }

    [Fact]
    public void Compute_NonFiniteRange_GivesNoTicks()
    {
        Assert.Empty(LogAxisTicks.Compute(double.PositiveInfinity, double.NegativeInfinity));
    }
}
