using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace AutoDiff.Bench.Micro;

/// <summary>The suite's configuration: the defaults plus the memory diagnoser.</summary>
public static class MicroConfig
{
    /// <summary>The configuration for <paramref name="args"/>.</summary>
    public static IConfig Create(string[] args)
    {
        _ = args;
        return DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
    }
}
