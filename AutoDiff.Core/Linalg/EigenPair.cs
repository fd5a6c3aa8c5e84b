namespace AutoDiff.Linalg;

/// <summary>An approximate eigenpair with its residual ‖Au − λu‖ (u has unit norm), which bounds how far λ is from an eigenvalue.</summary>
/// <param name="Value">The eigenvalue estimate λ.</param>
/// <param name="Vector">The unit eigenvector estimate u.</param>
/// <param name="Residual">‖Au − λu‖, computed with one extra application of A.</param>
public sealed record EigenPair(double Value, double[] Vector, double Residual);
