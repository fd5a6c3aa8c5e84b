namespace AutoDiff.Linalg;

/// <summary>
/// Eigen-decomposition of a symmetric tridiagonal matrix by the implicit QL algorithm with Wilkinson shifts
/// (as in EISPACK's tql2): eigenvalues ascending, and optionally the eigenvectors.
/// </summary>
public static class TridiagonalEigen
{
    /// <summary>
    /// Eigenvalues (ascending) of the tridiagonal matrix with diagonal <paramref name="diagonal"/> (length n) and
    /// off-diagonal <paramref name="offDiagonal"/> (length n − 1), and the eigenvectors as columns of an n×n
    /// row-major matrix (vectors[i·n + j] is component i of eigenvector j), or null when not asked for.
    /// </summary>
    public static (double[] Values, double[]? Vectors) Solve(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, bool computeVectors = true)
    {
        var n = diagonal.Length;
        if (n > 0 && offDiagonal.Length != n - 1)
        {
            throw new ArgumentException($"TridiagonalEigen: off-diagonal has {offDiagonal.Length} entries for a diagonal of {n}; expected {n - 1}.");
        }

        var d = diagonal.ToArray();
        var e = new double[n];
        offDiagonal.CopyTo(e);
        double[]? z = null;
        if (computeVectors)
        {
            z = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                z[(i * n) + i] = 1;
            }
        }

        for (var l = 0; l < n; l++)
        {
            var iterations = 0;
            while (true)
            {
                var m = l;
                for (; m < n - 1; m++)
                {
                    var dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon * 4 || Math.Abs(e[m]) <= 1e-16 * dd)
                    {
                        break;
                    }
                }

                if (m == l)
                {
                    break;
                }

                if (++iterations > 60)
                {
                    throw new ArithmeticException("TridiagonalEigen: the QL iteration did not converge in 60 sweeps.");
                }

                var g = (d[l + 1] - d[l]) / (2 * e[l]);
                var r = Hypot(g, 1);
                g = d[m] - d[l] + (e[l] / (g + (g >= 0 ? r : -r)));
                double s = 1, c = 1, p = 0;
                var i = m - 1;
                for (; i >= l; i--)
                {
                    var f = s * e[i];
                    var b = c * e[i];
                    r = Hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0)
                    {
                        d[i + 1] -= p;
                        e[m] = 0;
                        break;
                    }

                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = ((d[i] - g) * s) + (2 * c * b);
                    p = s * r;
                    d[i + 1] = g + p;
                    g = (c * r) - b;
                    if (z is not null)
                    {
                        for (var k = 0; k < n; k++)
                        {
                            f = z[(k * n) + i + 1];
                            z[(k * n) + i + 1] = (s * z[(k * n) + i]) + (c * f);
                            z[(k * n) + i] = (c * z[(k * n) + i]) - (s * f);
                        }
                    }
                }

                if (r == 0 && i >= l)
                {
                    continue;
                }

                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }

        // Sort ascending, carrying the vectors along.
        var order = Enumerable.Range(0, n).OrderBy(k => d[k]).ToArray();
        var values = order.Select(k => d[k]).ToArray();
        double[]? vectors = null;
        if (z is not null)
        {
            vectors = new double[n * n];
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    vectors[(i * n) + j] = z[(i * n) + order[j]];
                }
            }
        }

        return (values, vectors);
    }

    private static double Hypot(double a, double b)
    {
        var x = Math.Abs(a);
        var y = Math.Abs(b);
        if (x < y)
        {
            (x, y) = (y, x);
        }

        if (x == 0)
        {
            return 0;
        }

        var t = y / x;
        return x * Math.Sqrt(1 + (t * t));
    }
}
