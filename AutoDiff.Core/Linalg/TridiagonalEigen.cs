namespace AutoDiff.Linalg;

/// <summary>
/// Eigen-decomposition of a symmetric tridiagonal matrix by the implicit QL algorithm with Wilkinson shifts, as
/// EISPACK's tql2: eigenvalues ascending, and optionally the eigenvectors.
/// </summary>
/// <remarks>
/// An off-diagonal entry is treated as zero when |e[m]| ≤ ε·max over l ≤ m of (|d[l]| + |e[l]|), the running scale
/// of the matrix seen so far, not the local |d[m]| + |d[m+1]|: a block of (near-)zero eigenvalues holds entries
/// that are rounding noise relative to the matrix, and a purely local test can never pass there.
/// </remarks>
public static class TridiagonalEigen
{
    private const int MaxSweepsPerEigenvalue = 60;

    /// <summary>
    /// Eigenvalues (ascending) of the tridiagonal matrix with diagonal <paramref name="diagonal"/> (length n) and
    /// off-diagonal <paramref name="offDiagonal"/> (length n − 1), and the eigenvectors as columns of an n×n
    /// row-major matrix (vectors[i·n + j] is component i of eigenvector j), or null when not asked for.
    /// </summary>
    public static (double[] Values, double[]? Vectors) Solve(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, bool computeVectors = true)
    {
        var n = diagonal.Length;
        if (!computeVectors)
        {
            return (SolveRows(diagonal, offDiagonal, []).Values, null);
        }

        var rows = Enumerable.Range(0, n).ToArray();
        var (values, components) = SolveRows(diagonal, offDiagonal, rows);
        var vectors = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            components[i].CopyTo(vectors, i * n);
        }

        return (values, vectors);
    }

    /// <summary>
    /// Eigenvalues (ascending) and, for each requested row index, that component of every eigenvector
    /// (components[r][j] is entry rows[r] of eigenvector j). Lanczos needs only the first row (quadrature weights)
    /// and the last (residual bounds): O(n²) instead of O(n³).
    /// </summary>
    internal static (double[] Values, double[][] Components) SolveRows(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, int[] rows)
    {
        var n = diagonal.Length;
        if (n > 0 && offDiagonal.Length != n - 1)
        {
            throw new ArgumentException($"TridiagonalEigen: off-diagonal has {offDiagonal.Length} entries for a diagonal of {n}; expected {n - 1}.");
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(diagonal[i]) || (i < n - 1 && !double.IsFinite(offDiagonal[i])))
            {
                throw new ArgumentException($"TridiagonalEigen: entry {i} is not finite (diagonal {diagonal[i]}, off-diagonal {(i < n - 1 ? offDiagonal[i] : 0)}).");
            }
        }

        var d = diagonal.ToArray();
        var e = new double[n];
        offDiagonal.CopyTo(e);

        // zt holds eigenvector j's requested components contiguously (zt[j·r + k]), so a rotation of
        // vectors i and i+1 touches two contiguous runs.
        var r = rows.Length;
        var zt = new double[n * r];
        for (var k = 0; k < r; k++)
        {
            zt[(rows[k] * r) + k] = 1;
        }

        Ql(d, e, zt, r);
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => d[a].CompareTo(d[b]));
        var values = new double[n];
        var components = new double[r][];
        for (var k = 0; k < r; k++)
        {
            components[k] = new double[n];
        }

        for (var j = 0; j < n; j++)
        {
            values[j] = d[order[j]];
            for (var k = 0; k < r; k++)
            {
                components[k][j] = zt[(order[j] * r) + k];
            }
        }

        return (values, components);
    }

    // EISPACK tql2 (as in JAMA), with the rotations applied to the rows of zt.
    private static void Ql(double[] d, double[] e, double[] zt, int r)
    {
        var n = d.Length;
        var f = 0.0;
        var tst1 = 0.0;
        var eps = Math.Pow(2, -52);
        for (var l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            var m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * tst1)
            {
                m++;
            }

            if (m > l)
            {
                var sweeps = 0;
                do
                {
                    if (++sweeps > MaxSweepsPerEigenvalue)
                    {
                        throw new ArithmeticException($"TridiagonalEigen: the QL iteration for eigenvalue {l} of {n} did not converge in {MaxSweepsPerEigenvalue} sweeps (|e| = {Math.Abs(e[l]):G3}, scale {tst1:G3}).");
                    }

                    var g = d[l];
                    var p = (d[l + 1] - g) / (2 * e[l]);
                    var rr = Hypot(p, 1);
                    if (p < 0)
                    {
                        rr = -rr;
                    }

                    d[l] = e[l] / (p + rr);
                    d[l + 1] = e[l] * (p + rr);
                    var dl1 = d[l + 1];
                    var h = g - d[l];
                    for (var i = l + 2; i < n; i++)
                    {
                        d[i] -= h;
                    }

                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    var el1 = e[l + 1];
                    for (var i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        rr = Hypot(p, e[i]);
                        e[i + 1] = s * rr;
                        s = e[i] / rr;
                        c = p / rr;
                        p = (c * d[i]) - (s * g);
                        d[i + 1] = h + (s * ((c * g) + (s * d[i])));
                        if (r > 0)
                        {
                            Rotate(zt.AsSpan(i * r, r), zt.AsSpan((i + 1) * r, r), c, s);
                        }
                    }

                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }

            d[l] += f;
            e[l] = 0;
        }
    }

    /// <summary>(zi, zi1) ← (c·zi − s·zi1, s·zi + c·zi1).</summary>
    private static void Rotate(Span<double> zi, Span<double> zi1, double c, double s)
    {
        var k = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var w = System.Numerics.Vector<double>.Count;
            var vc = new System.Numerics.Vector<double>(c);
            var vs = new System.Numerics.Vector<double>(s);
            for (; k <= zi.Length - w; k += w)
            {
                var a = new System.Numerics.Vector<double>(zi.Slice(k));
                var b = new System.Numerics.Vector<double>(zi1.Slice(k));
                ((vc * a) - (vs * b)).CopyTo(zi.Slice(k));
                ((vs * a) + (vc * b)).CopyTo(zi1.Slice(k));
            }
        }

        for (; k < zi.Length; k++)
        {
            var a = zi[k];
            var b = zi1[k];
            zi[k] = (c * a) - (s * b);
            zi1[k] = (s * a) + (c * b);
        }
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
