namespace AutoDiff.Linalg;

/// <summary>A dense symmetric matrix as an <see cref="ILinearOperator"/> (for tests and small problems).</summary>
public sealed class DenseSymmetricOperator : ILinearOperator
{
    private readonly double[] _matrix;

    /// <summary>Wraps an n×n row-major matrix; it must be symmetric to 1e-12 relative.</summary>
    public DenseSymmetricOperator(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException($"DenseSymmetricOperator: {matrix.Length} entries for a {n}×{n} matrix.");
        }

        var scale = matrix.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Math.Abs(matrix[(i * n) + j] - matrix[(j * n) + i]) > 1e-12 * Math.Max(scale, 1e-300))
                {
                    throw new ArgumentException($"DenseSymmetricOperator: the matrix is not symmetric at ({i}, {j}).");
                }
            }
        }

        _matrix = (double[])matrix.Clone();
        Dimension = n;
    }

    /// <summary>Wraps a square 2-D tensor.</summary>
    public static DenseSymmetricOperator FromTensor(Tensor matrix)
    {
        if (matrix.Rank != 2 || matrix.Shape[0] != matrix.Shape[1])
        {
            throw new ArgumentException($"DenseSymmetricOperator: needs a square matrix, got shape {matrix.Shape}.");
        }

        return new DenseSymmetricOperator(matrix.ToArray(), matrix.Shape[0]);
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        var n = Dimension;
        for (var i = 0; i < n; i++)
        {
            result[i] = Kernels.Reduction.Dot<double>(_matrix.AsSpan(i * n, n), v);
        }
    }
}
