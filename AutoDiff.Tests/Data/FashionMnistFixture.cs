using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

/// <summary>Loads the real Fashion-MNIST files once for all the tests of a class, and only if asked.</summary>
public sealed class FashionMnistFixture
{
    private readonly Lazy<FashionMnistData> _data = new(() => FashionMnist.Load());

    public FashionMnistData Data => _data.Value;
}
