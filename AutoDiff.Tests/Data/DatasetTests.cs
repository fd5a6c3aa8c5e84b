using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

public sealed class DatasetTests
{
    [Fact]
    public void Classification_ValidArrays_ExposesRows()
    {
        Dataset data = Dataset.Classification([1, 2, 3, 4, 5, 6], count: 3, featureCount: 2, labels: [0, 1, 0], classCount: 2);

        Assert.Equal([3.0, 4.0], data.GetRow(1).ToArray());
        Assert.True(data.IsClassification);
    }

    [Fact]
    public void Constructor_FeatureLengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => Dataset.Regression([1, 2, 3], count: 2, featureCount: 2, targets: [0, 1]));
    }

    [Fact]
    public void Constructor_LabelOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => Dataset.Classification([1, 2], count: 2, featureCount: 1, labels: [0, 2], classCount: 2));
    }

    [Fact]
    public void Constructor_BothLabelsAndTargets_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Dataset([1, 2], 2, 1, [0, 1], 2, [0.5, 0.5]));
    }
}
