using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

/// <summary>An image split checks its arrays and labels when it is made.</summary>
public sealed class ImageSplitTests
{
    [Fact]
    public void Constructor_ValidArrays_KeepsCountsAndImages()
    {
        var split = new ImageSplit([0.1f, 0.2f, 0.3f, 0.4f], [3, 0], count: 2, height: 1, width: 2);
        Assert.Equal(2, split.PixelsPerImage);
        Assert.Equal([0.3f, 0.4f], split.GetImage(1).ToArray());
    }

    [Fact]
    public void Constructor_NegativeLabel_ThrowsNamingValueAndPosition()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageSplit(new float[4], [1, -3], count: 2, height: 1, width: 2));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("-3", error.Message);
        Assert.Contains("image 1", error.Message);
    }

    [Fact]
    public void Constructor_WrongLabelCount_ThrowsNamingBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageSplit(new float[4], [1], count: 2, height: 1, width: 2));
        Assert.Contains("Expected 2 labels, got 1", error.Message);
    }
}
