using AutoDiff.Nn;

namespace AutoDiff.Tests.Nn;

/// <summary>The process-wide default seed; runs alone, since other tests draw from the default generator.</summary>
[Collection(nameof(DefaultSeedCollection))]
public class DefaultSeedTests
{
    [Fact]
    public void DefaultSeed_MakesDefaultConstructionReproducible()
    {
        Init.SetDefaultSeed(123);
        var a = Mlp.Create([3, 4, 2]);
        Init.SetDefaultSeed(123);
        var b = Mlp.Create([3, 4, 2]);
        Assert.Equal(a.Parameters().SelectMany(p => p.ToArray()), b.Parameters().SelectMany(p => p.ToArray()));
    }

}
