using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

public sealed class StandardizerTests
{
    [Fact]
    public void Transform_TrainSplit_HasZeroMeanAndUnitVariance()
    {
        Dataset train = SyntheticData.BadlyScaledRegression(1000, seed: 1);

        Standardizer standardizer = Standardizer.Fit(train);
        Dataset scaled = standardizer.Transform(train);

        for (int j = 0; j < train.FeatureCount; j++)
        {
            (double mean, double variance) = ColumnStats(scaled.Features, train.FeatureCount, j);
            Assert.Equal(0.0, mean, 12);
            Assert.Equal(1.0, variance, 12);
        }

        Assert.Same(train.Targets, scaled.Targets);
    }

    [Fact]
    public void Transform_FeaturesFarFromZero_StaysAccurate()
    {
        Dataset train = SyntheticData.OffsetRegression(1000, seed: 2, offset: 1e8);

        Dataset scaled = Standardizer.Fit(train).Transform(train);

        (double mean, double variance) = ColumnStats(scaled.Features, 2, 0);
        Assert.Equal(0.0, mean, 6);
        Assert.Equal(1.0, variance, 6);
    }

    [Fact]
    public void Transform_TestSplit_UsesTrainStatistics()
    {
        Standardizer standardizer = Standardizer.Fit(new double[] { 0, 10, 2, 10, 4, 10 }, featureCount: 2);

        double[] test = standardizer.Transform(new double[] { 2, 20 });

        Assert.Equal([2.0, 10.0], standardizer.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3.0), standardizer.StandardDeviation[0], 15);
        Assert.Equal(0.0, test[0]);
        Assert.Equal(10.0, test[1]); // the constant feature is only centred
    }

    [Fact]
    public void Fit_ZeroVarianceFeature_GetsUnitDivisorAndCentredOutput()
    {
        double[] train = [1, 1e6, 2, 1e6, 3, 1e6];

        Standardizer standardizer = Standardizer.Fit(train, featureCount: 2);
        double[] scaled = standardizer.Transform(train);

        Assert.Equal(1.0, standardizer.StandardDeviation[1]);
        Assert.All(new[] { scaled[1], scaled[3], scaled[5] }, v => Assert.Equal(0.0, v, 9));
        Assert.All(scaled, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void FloatOverloads_MatchDoubleStatistics()
    {
        float[] train = [1f, -2f, 3f, 4f, 5f, 10f];

        Standardizer standardizer = Standardizer.Fit(train, featureCount: 3);
        var scaled = new float[train.Length];
        standardizer.Transform(train, scaled);

        Assert.Equal([2.5, 1.5, 6.5], standardizer.Mean);
        Assert.Equal(-1f, scaled[0], 6);
        Assert.Equal(1f, scaled[3], 6);
    }

    [Fact]
    public void InverseTransform_UndoesTransform()
    {
        Dataset data = SyntheticData.GaussianBlobs(50, 2, 3, seed: 8);
        Standardizer standardizer = Standardizer.Fit(data);
        double[] scaled = standardizer.Transform(data.Features);
        var back = new double[scaled.Length];

        standardizer.InverseTransform(scaled, back);

        for (int i = 0; i < back.Length; i++)
        {
            Assert.Equal(data.Features[i], back[i], 10);
        }
    }

    [Fact]
    public void Fit_LengthNotMultipleOfFeatureCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(new double[] { 1, 2, 3 }, featureCount: 2));
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(Array.Empty<double>(), featureCount: 2));
    }

    [Fact]
    public void Transform_WrongFeatureCount_Throws()
    {
        Standardizer standardizer = Standardizer.Fit(new double[] { 1, 2, 3, 4 }, featureCount: 2);

        Assert.Throws<ArgumentException>(() => standardizer.Transform(new double[] { 1, 2, 3 }));
    }

    private static (double Mean, double Variance) ColumnStats(double[] features, int featureCount, int column)
    {
        int n = features.Length / featureCount;
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += features[(i * featureCount) + column];
        }

        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++)
        {
            double d = features[(i * featureCount) + column] - mean;
            variance += d * d;
        }

        return (mean, variance / n);
    }
}
