namespace AutoDiff.Linalg;

/// <summary>One power iteration, as recorded in its history.</summary>
/// <param name="Iteration">The iteration number (1-based).</param>
/// <param name="RayleighQuotient">uᵀAu for the current unit iterate u.</param>
/// <param name="Residual">‖Au − λu‖ for that u and λ.</param>
public sealed record PowerIterationStep(int Iteration, double RayleighQuotient, double Residual);
