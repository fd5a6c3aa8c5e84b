namespace AutoDiff.Tests.Linalg;

/// <summary>Spectra for the eigen-solver tests: many repeated and exactly zero eigenvalues between distinct extremes.</summary>
internal static class KnownSpectrum
{
    /// <summary>
    /// Top 5 distinct (100, 60, 35, 20, 12), bottom 5 distinct (−9, −6, −4, −2.5, −1.5), and between them a
    /// bulk where 40% are exactly zero and the rest take 8 values, each repeated many times.
    /// </summary>
    public static double[] ManyRepeatsAndZeros(int n)
    {
        double[] top = [100, 60, 35, 20, 12];
        double[] bottom = [-9, -6, -4, -2.5, -1.5];
        double[] bulk = [0.5, 1, 2, 3, 5, -0.25, -0.5, -1];
        var lambda = new double[n];
        for (var i = 0; i < n; i++)
        {
            lambda[i] = i < 5 ? top[i] : i < 10 ? bottom[i - 5] : (i % 5) < 2 ? 0 : bulk[i % bulk.Length];
        }

        return lambda;
    }
}
