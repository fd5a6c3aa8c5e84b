namespace AutoDiff.Tests.Nn;

/// <summary>Statistics helpers for the init tests.</summary>
internal static class InitStatistics
{
    public static double Std(Tensor t)
    {
        var v = t.ToArray();
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}
