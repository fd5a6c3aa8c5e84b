using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>The GEMM block sizes chosen for this machine: consistent with the register tile and the caches.</summary>
public sealed class GemmBlockingTests
{
    [Fact]
    public void DescribeBlocking_BothTypes_BlocksAreWholeTilesAndNameTheirSource()
    {
        foreach (var text in new[] { Gemm.DescribeBlocking<float>(), Gemm.DescribeBlocking<double>() })
        {
            var values = text.Split(' ', '(')
                .Select(part => part.Split('='))
                .Where(kv => kv.Length == 2 && int.TryParse(kv[1], out _))
                .ToDictionary(kv => kv[0], kv => int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0, values["MC"] % values["MR"]);
            Assert.Equal(0, values["NC"] % values["NR"]);
            Assert.InRange(values["KC"], 1, 4096);
            Assert.Matches("caches|environment", text);
        }
    }

    [Fact]
    public void CacheSizes_Measured_AreOrdered()
    {
        Assert.True(CacheSizes.L1 > 0);
        Assert.True(CacheSizes.L2 >= CacheSizes.L1);
        Assert.True(CacheSizes.L3PerCore >= CacheSizes.L2);
    }
}
