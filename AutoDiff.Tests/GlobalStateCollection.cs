namespace AutoDiff.Tests;

/// <summary>
/// Tests that change process-wide settings (<see cref="Kernels.Parallelism.MaxThreads"/>): xunit runs this
/// collection alone, after the parallel ones, so no other test sees a setting change under it.
/// </summary>
[CollectionDefinition(nameof(GlobalStateCollection), DisableParallelization = true)]
public sealed class GlobalStateCollection
{
}
