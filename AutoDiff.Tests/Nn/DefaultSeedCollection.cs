namespace AutoDiff.Tests.Nn;

/// <summary>Tests that touch the default seed, run without parallel neighbours.</summary>
[CollectionDefinition(nameof(DefaultSeedCollection), DisableParallelization = true)]
public class DefaultSeedCollection
{
}
