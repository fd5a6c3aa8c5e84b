namespace AutoDiff.Linalg;

/// <summary>A dense symmetric matrix as an <see cref="ILinearOperator"/> (for tests and Hessians small enough to form).</summary>
public sealed class DenseSymmetricOperator : ILinearOperator
{
    private readonly double[] _matrix;

    /// <summary>
    /// Wraps an n×n row-major matrix. It must be symmetric to 1e-12 relative, unless <paramref name="symmetrize"/>
    /// is set: then (A + Aᵀ)/2 is used, as needed for a Hessian formed in float32 (asymmetric at ~1e-7 relative
    /// from rounding), and the asymmetry removed is reported in <see cref="Asymmetry"/>.
    /// </summary>
    public DenseSymmetricOperator(double[] matrix, int n, bool symmetrize = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (n < 0 || matrix.Length != n * n)
        {
            throw new ArgumentException($"DenseSymmetricOperator: {matrix.Length} entries for a {n}×{n} matrix.");
        }

        var scale = 0.0;
        foreach (var x in matrix)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"DenseSymmetricOperator: the matrix holds a non-finite entry ({x}).");
            }

            scale = Math.Max(scale, Math.Abs(x));
        }

        _matrix = (double[])matrix.Clone();
        var worst = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var gap = Math.Abs(matrix[(i * n) + j] - matrix[(j * n) + i]);
                if (!symmetrize && gap > 1e-12 * Math.Max(scale, 1e-300))
                {
                    throw new ArgumentException(
                        $"DenseSymmetricOperator: the matrix is not symmetric at ({i}, {j}): {matrix[(i * n) + j]:G17} vs {matrix[(j * n) + i]:G17} " +
                        $"(|difference| {gap:G3}, {gap / Math.Max(scale, 1e-300):G3} of the largest entry). Pass symmetrize: true to use (A + Aᵀ)/2.");
                }

                worst = Math.Max(worst, gap);
                var mean = 0.5 * (matrix[(i * n) + j] + matrix[(j * n) + i]);
                _matrix[(i * n) + j] = mean;
                _matrix[(j * n) + i] = mean;
            }
        }

        Asymmetry = scale > 0 ? worst / scale : 0;
        Dimension = n;
    }

    /// <summary>Wraps a square 2-D tensor (see the constructor for <paramref name="symmetrize"/>).</summary>
    public static DenseSymmetricOperator FromTensor(Tensor matrix, bool symmetrize = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank != 2 || matrix.Shape[0] != matrix.Shape[1])
        {
            throw new ArgumentException($"DenseSymmetricOperator: needs a square matrix, got shape {matrix.Shape}.");
        }

        return new DenseSymmetricOperator(matrix.ToArray(), matrix.Shape[0], symmetrize);
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The largest |Aᵢⱼ − Aⱼᵢ| of the matrix given, relative to its largest entry (0 when it was exactly symmetric).</summary>
    public double Asymmetry { get; }

    /// <summary>The (symmetric) matrix, row-major; a copy.</summary>
    public double[] ToArray() => (double[])_matrix.Clone();

    /// <summary>All eigenvalues (ascending) and eigenvectors (as columns) by <see cref="DenseSymmetricEigen"/>.</summary>
    public (double[] Values, double[]? Vectors) Eigen(bool computeVectors = true) => DenseSymmetricEigen.Solve(_matrix, Dimension, computeVectors);

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        var n = Dimension;
        if (v.Length != n || result.Length != n)
        {
            throw new ArgumentException($"DenseSymmetricOperator.Apply: v has {v.Length} and result {result.Length} entries; the dimension is {n}.");
        }

        for (var i = 0; i < n; i++)
        {
            result[i] = Kernels.Reductions.Dot<double>(_matrix.AsSpan(i * n, n), v);
        }
    }
}
