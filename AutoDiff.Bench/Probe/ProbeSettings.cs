using AutoDiff.Linalg;

namespace AutoDiff.Bench.Probe;

/// <summary>The parsed options of <c>autodiff probe</c>.</summary>
/// <param name="Checkpoint">A checkpoint folder (null: train a small model first).</param>
/// <param name="Kind">Hessian or Gauss-Newton.</param>
/// <param name="Dataset">The data set of the model trained first.</param>
/// <param name="DataDirectory">The Fashion-MNIST folder.</param>
/// <param name="Subset">Examples the loss averages over.</param>
/// <param name="K">Top and bottom eigenpairs.</param>
/// <param name="Steps">Most Lanczos steps.</param>
/// <param name="Probes">Density probes (0: no density, no trace).</param>
/// <param name="Seed">Seed.</param>
public sealed record ProbeSettings(string? Checkpoint, CurvatureKind Kind, string Dataset, string? DataDirectory, int Subset, int K, int Steps, int Probes, ulong Seed);
