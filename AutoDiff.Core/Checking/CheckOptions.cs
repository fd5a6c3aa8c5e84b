namespace AutoDiff.Checking;

/// <summary>
/// Tolerances for finite-difference checks. An element passes when |analytic − numeric| ≤ Atol + Rtol·|numeric|.
/// The defaults are PyTorch's gradcheck defaults.
/// </summary>
/// <param name="Eps">The finite-difference step.</param>
/// <param name="Atol">The absolute tolerance.</param>
/// <param name="Rtol">The relative tolerance.</param>
/// <param name="Seed">Seed for random directions and cotangents.</param>
public sealed record CheckOptions(double Eps = 1e-6, double Atol = 1e-5, double Rtol = 1e-3, ulong Seed = 12345)
{
    /// <summary>PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3.</summary>
    public static CheckOptions Default { get; } = new();
}
