namespace AutoDiff.Linalg;

/// <summary>
/// A symmetric linear map v ↦ Av given only by its action, so a dense matrix, a quadratic and a network's
/// Hessian over a fixed batch are probed by the same code (Lanczos, power iteration, trace estimation).
/// </summary>
public interface ILinearOperator
{
    /// <summary>The dimension n of the space A acts on.</summary>
    int Dimension { get; }

    /// <summary>Writes A·<paramref name="v"/> into <paramref name="result"/> (both of length <see cref="Dimension"/>).</summary>
    void Apply(ReadOnlySpan<double> v, Span<double> result);
}
