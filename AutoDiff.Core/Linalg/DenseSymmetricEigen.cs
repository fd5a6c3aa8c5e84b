namespace AutoDiff.Linalg;

/// <summary>
/// The full eigen-decomposition of a dense symmetric matrix: Householder reduction to tridiagonal form
/// (T = QᵀAQ), then the implicit QL solver of <see cref="TridiagonalEigen"/>, with the eigenvectors carried back
/// through the reflections. For Hessians small enough to form (a few thousand parameters): O(n³) time, O(n²) memory.
/// </summary>
public static class DenseSymmetricEigen
{
    /// <summary>
    /// Eigenvalues (ascending) of the n×n row-major symmetric <paramref name="matrix"/> and, when asked, the
    /// eigenvectors as columns (vectors[i·n + j] is component i of eigenvector j). Only the lower triangle is read.
    /// </summary>
    public static (double[] Values, double[]? Vectors) Solve(ReadOnlySpan<double> matrix, int n, bool computeVectors = true)
    {
        var a = Copy(matrix, n);
        var (d, e, betas) = Reduce(a, n);
        if (!computeVectors)
        {
            return (TridiagonalEigen.SolveRows(d, e, []).Values, null);
        }

        var (values, components) = TridiagonalEigen.SolveRows(d, e, Enumerable.Range(0, n).ToArray());

        // Eigenvector j of A is Q·yⱼ with Q = H₀·H₁·…: apply the last reflection first. Work on yⱼ contiguously.
        var yt = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                yt[(j * n) + i] = components[i][j];
            }
        }

        for (var k = n - 3; k >= 0; k--)
        {
            if (betas[k] == 0)
            {
                continue;
            }

            var v = a.AsSpan((k * n) + k + 1, n - k - 1);
            for (var j = 0; j < n; j++)
            {
                var y = yt.AsSpan((j * n) + k + 1, n - k - 1);
                VectorOps.Axpy(-betas[k] * VectorOps.Dot(v, y), v, y);
            }
        }

        var vectors = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                vectors[(i * n) + j] = yt[(j * n) + i];
            }
        }

        return (values, vectors);
    }

    /// <summary>Eigenvalues (ascending) and eigenvectors of a square 2-D tensor (only its lower triangle is read).</summary>
    public static (double[] Values, double[]? Vectors) Solve(Tensor matrix, bool computeVectors = true)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank != 2 || matrix.Shape[0] != matrix.Shape[1])
        {
            throw new ArgumentException($"DenseSymmetricEigen: needs a square matrix, got shape {matrix.Shape}.");
        }

        return Solve(matrix.ToArray(), matrix.Shape[0], computeVectors);
    }

    /// <summary>
    /// The symmetric tridiagonal matrix QᵀAQ (diagonal and off-diagonal) with the same eigenvalues as the n×n
    /// symmetric <paramref name="matrix"/> (lower triangle read), by Householder reflections.
    /// </summary>
    public static (double[] Diagonal, double[] OffDiagonal) Tridiagonalize(ReadOnlySpan<double> matrix, int n)
    {
        var (d, e, _) = Reduce(Copy(matrix, n), n);
        return (d, e);
    }

    private static double[] Copy(ReadOnlySpan<double> matrix, int n)
    {
        if (n < 0 || matrix.Length != n * n)
        {
            throw new ArgumentException($"DenseSymmetricEigen: {matrix.Length} entries for a {n}×{n} matrix.");
        }

        // Mirror the lower triangle, so the reduction can work on whole contiguous rows.
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var x = matrix[(i * n) + j];
                if (!double.IsFinite(x))
                {
                    throw new ArgumentException($"DenseSymmetricEigen: entry ({i}, {j}) is {x}.");
                }

                a[(i * n) + j] = x;
                a[(j * n) + i] = x;
            }
        }

        return a;
    }

    // Step k zeroes row/column k beyond the first off-diagonal with H = I − β·v·vᵀ acting on indices k+1…n−1:
    // B ← H·B·H = B − v·wᵀ − w·vᵀ with p = β·B·v, w = p − (β/2)(pᵀv)·v. v is kept in row k for the vectors.
    private static (double[] D, double[] E, double[] Betas) Reduce(double[] a, int n)
    {
        var d = new double[n];
        var e = new double[Math.Max(n - 1, 0)];
        var betas = new double[Math.Max(n - 2, 0)];
        var p = new double[n];
        for (var k = 0; k < n - 2; k++)
        {
            var m = n - k - 1;
            var x = a.AsSpan((k * n) + k + 1, m);
            d[k] = a[(k * n) + k];
            var norm = VectorOps.Norm(x);
            var tail = norm * norm - (x[0] * x[0]);
            if (norm == 0 || tail <= 1e-300 * norm * norm)
            {
                e[k] = x[0];
                x.Clear();
                continue;
            }

            var alpha = x[0] >= 0 ? -norm : norm;
            x[0] -= alpha;                              // v = x − α·e₁; vᵀv = 2(norm² − α·x₀)
            var beta = 1 / (norm * (norm + Math.Abs(x[0] + alpha)));
            betas[k] = beta;
            e[k] = alpha;
            var v = x;
            var pm = p.AsSpan(0, m);
            for (var i = 0; i < m; i++)
            {
                pm[i] = beta * VectorOps.Dot(a.AsSpan(((k + 1 + i) * n) + k + 1, m), v);
            }

            VectorOps.Axpy(-0.5 * beta * VectorOps.Dot(pm, v), v, pm);
            for (var i = 0; i < m; i++)
            {
                var row = a.AsSpan(((k + 1 + i) * n) + k + 1, m);
                VectorOps.Axpy(-v[i], pm, row);
                VectorOps.Axpy(-pm[i], v, row);
            }
        }

        if (n >= 2)
        {
            d[n - 2] = a[((n - 2) * n) + n - 2];
            e[n - 2] = a[((n - 2) * n) + n - 1];
        }

        if (n >= 1)
        {
            d[n - 1] = a[(n * n) - 1];
        }

        return (d, e, betas);
    }
}
