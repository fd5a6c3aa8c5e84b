namespace AutoDiff.Tests.Autodiff;

/// <summary>Plain-double helpers for tests that compare with hand-written reference computations.</summary>
internal static class Reference
{
    /// <summary>Asserts max|expected − actual| ≤ rtol · max|expected|, naming the first offending element.</summary>
    public static void AssertClose(double[] expected, double[] actual, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++)
        {
            var err = Math.Abs(expected[i] - actual[i]);
            Assert.True(err <= rtol * Math.Max(scale, 1e-300),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (error {err:G3}, allowed {rtol * scale:G3})");
        }
    }

    /// <summary>n standard normal samples.</summary>
    public static double[] Normal(Rng rng, int n)
    {
        var r = new double[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = rng.Normal();
        }

        return r;
    }
}
