using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

public sealed class SyntheticDataTests
{
    public static TheoryData<string> Generators => ["blobs", "spirals", "xor", "scaled", "offset"];

    private static Dataset Make(string kind, ulong seed) => kind switch
    {
        "blobs" => SyntheticData.GaussianBlobs(300, 3, 5, seed),
        "spirals" => SyntheticData.TwoSpirals(201, seed),
        "xor" => SyntheticData.Xor(200, seed),
        "scaled" => SyntheticData.BadlyScaledRegression(200, seed),
        "offset" => SyntheticData.OffsetRegression(200, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generator_SameSeed_GivesIdenticalData(string kind)
    {
        Dataset a = Make(kind, 1234);
        Dataset b = Make(kind, 1234);

        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Targets, b.Targets);
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generator_DifferentSeed_GivesDifferentFeatures(string kind)
    {
        Assert.NotEqual(Make(kind, 1).Features, Make(kind, 2).Features);
    }

    [Fact]
    public void GaussianBlobs_ShapesAndBalancedLabels()
    {
        Dataset data = SyntheticData.GaussianBlobs(301, 4, 7, seed: 5);

        Assert.Equal(301, data.Count);
        Assert.Equal(7, data.FeatureCount);
        Assert.Equal(301 * 7, data.Features.Length);
        Assert.Equal(4, data.ClassCount);
        Assert.True(data.IsClassification);
        Assert.Null(data.Targets);
        int[] counts = Enumerable.Range(0, 4).Select(c => data.Labels!.Count(l => l == c)).ToArray();
        Assert.Equal([76, 75, 75, 75], counts);
    }

    [Fact]
    public void GaussianBlobs_ClustersHaveTheRequestedSpread()
    {
        Dataset data = SyntheticData.GaussianBlobs(20_000, 2, 3, seed: 9, standardDeviation: 0.5);

        // Within-class variance of every feature should be about 0.25.
        for (int c = 0; c < 2; c++)
        {
            for (int j = 0; j < 3; j++)
            {
                double[] values = Enumerable.Range(0, data.Count).Where(i => data.Labels![i] == c)
                    .Select(i => data.Features[(i * 3) + j]).ToArray();
                double mean = values.Average();
                double variance = values.Select(v => (v - mean) * (v - mean)).Average();
                Assert.InRange(variance, 0.24, 0.26);
            }
        }
    }

    [Fact]
    public void TwoSpirals_TwoClassesInsideUnitDisc()
    {
        Dataset data = SyntheticData.TwoSpirals(400, seed: 3, noise: 0);

        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(200, data.Labels!.Count(l => l == 1));
        for (int i = 0; i < data.Count; i++)
        {
            double r = Math.Sqrt((data.Features[2 * i] * data.Features[2 * i]) + (data.Features[(2 * i) + 1] * data.Features[(2 * i) + 1]));
            Assert.InRange(r, 0.0, 1.0);
        }

        // Without noise, point k of spiral 1 is point k of spiral 0 rotated by π.
        Assert.Equal(-data.Features[0], data.Features[2], 12);
        Assert.Equal(-data.Features[1], data.Features[3], 12);
    }

    [Fact]
    public void Xor_LabelIsOneWhenCoordinatesHaveDifferentSigns()
    {
        Dataset data = SyntheticData.Xor(400, seed: 11, noise: 0.1);

        Assert.Equal(200, data.Labels!.Count(l => l == 1));
        for (int i = 0; i < data.Count; i++)
        {
            bool differ = Math.Sign(data.Features[2 * i]) != Math.Sign(data.Features[(2 * i) + 1]);
            Assert.Equal(differ ? 1 : 0, data.Labels![i]);
        }
    }

    [Fact]
    public void BadlyScaledRegression_FeatureScalesAreFarApart_TargetsFollowTheModel()
    {
        Dataset data = SyntheticData.BadlyScaledRegression(5000, seed: 4, noise: 0);

        Assert.False(data.IsClassification);
        Assert.Equal(2, data.FeatureCount);
        Standardizer stats = Standardizer.Fit(data);
        Assert.InRange(stats.StandardDeviation[0], 950, 1050);
        Assert.InRange(stats.StandardDeviation[1], 0.00095, 0.00105);
        for (int i = 0; i < data.Count; i++)
        {
            double expected = 1 + (0.002 * data.Features[2 * i]) - (3000 * data.Features[(2 * i) + 1]);
            Assert.Equal(expected, data.Targets![i], 9);
        }
    }

    [Fact]
    public void OffsetRegression_FeaturesCentredFarFromZero()
    {
        Dataset data = SyntheticData.OffsetRegression(5000, seed: 4, offset: 100, noise: 0.5);

        Standardizer stats = Standardizer.Fit(data);
        Assert.InRange(stats.Mean[0], 99.9, 100.1);
        Assert.InRange(stats.Mean[1], 99.9, 100.1);
        Assert.InRange(stats.StandardDeviation[0], 0.95, 1.05);
        double residualMean = Enumerable.Range(0, data.Count)
            .Select(i => data.Targets![i] - (1 + (2 * data.Features[2 * i]) - (3 * data.Features[(2 * i) + 1])))
            .Average();
        Assert.InRange(residualMean, -0.05, 0.05);
    }

    [Fact]
    public void LinearRegression_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => SyntheticData.LinearRegression(10, [1.0, 2.0], 0, [1.0], [0.0, 0.0], 0, 1));
    }
}
