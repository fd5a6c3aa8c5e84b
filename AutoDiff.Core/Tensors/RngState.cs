namespace AutoDiff;

/// <summary>
/// The complete state of an <see cref="Rng"/> (like PyTorch's <c>Generator.get_state</c>): the four xoshiro256**
/// words and the spare normal sample Box–Muller keeps. Restoring it with <see cref="Rng.SetState"/> makes the
/// generator continue the same sequence, bit for bit, so a checkpoint can hold a dropout layer's random stream.
/// </summary>
/// <param name="S0">The first state word.</param>
/// <param name="S1">The second state word.</param>
/// <param name="S2">The third state word.</param>
/// <param name="S3">The fourth state word.</param>
/// <param name="SpareNormal">The normal sample kept for the next <see cref="Rng.Normal"/> call (0 when none).</param>
/// <param name="HasSpareNormal">Whether <paramref name="SpareNormal"/> is pending.</param>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, double SpareNormal, bool HasSpareNormal);
