using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>Losses.Accuracy: the fraction of rows whose largest score is at the label, with labels checked.</summary>
public sealed class AccuracyTests
{
    private static readonly Tensor s_logits = Tensor.FromArray([0.1f, 0.9f, 0.2f, 0.7f, 0.2f, 0.1f], new Shape(2, 3));

    [Fact]
    public void Accuracy_OneOfTwoRight_IsOneHalf()
        => Assert.Equal(0.5, Losses.Accuracy(s_logits, [1, 1]));

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void Accuracy_LabelOutOfRange_ThrowsNamingValueAndClassCount(int label)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Accuracy(s_logits, [0, label]));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains($"label {label}", error.Message);
        Assert.Contains("3 classes", error.Message);
    }

    [Fact]
    public void Accuracy_WrongLabelCount_ThrowsNamingBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => Losses.Accuracy(s_logits, [0]));
        Assert.Contains("2 rows", error.Message);
        Assert.Contains("1 labels", error.Message);
    }
}
