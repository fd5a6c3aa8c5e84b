namespace AutoDiff.Tests.Data;

/// <summary>The skip reason of the Fashion-MNIST facts shows in the test's name, which dotnet test prints by default.</summary>
public sealed class FashionMnistFactAttributeTests
{
    [Fact]
    public void Constructor_DataMissing_PutsTheSkipReasonInTheDisplayName()
    {
        var fact = new FashionMnistFactAttribute(available: false, "Load_Train_Has60000Images");

        Assert.Contains("apt-get install dataset-fashion-mnist", fact.Skip, StringComparison.Ordinal);
        Assert.StartsWith("Load_Train_Has60000Images [skipped: Fashion-MNIST is not installed", fact.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DataInstalled_RunsUnderItsOwnName()
    {
        var fact = new FashionMnistFactAttribute(available: true, "Load_Train_Has60000Images");

        Assert.Null(fact.Skip);
        Assert.Null(fact.DisplayName);
    }
}
