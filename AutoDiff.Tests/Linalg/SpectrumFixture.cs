using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

/// <summary>
/// Symmetric matrices with a chosen spectrum: A = Q·diag(λ)·Qᵀ, where Q is a product of random Householder
/// reflections (orthogonal to rounding, dense, and cheap to apply), so n = 1,000 costs O(n²) to form and O(n) to
/// apply through <see cref="Rotated"/>.
/// </summary>
internal static class SpectrumFixture
{
    private const int Reflections = 6;

    public static double[] WithEigenvalues(double[] lambda, ulong seed)
    {
        var n = lambda.Length;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = lambda[i];
        }

        // A ← H·A·H with H = I − 2vvᵀ: A − 2v(Av)ᵀ − 2(Av)vᵀ + 4(vᵀAv)vvᵀ, using A's symmetry.
        var av = new double[n];
        foreach (var v in Reflectors(n, seed))
        {
            for (var i = 0; i < n; i++)
            {
                av[i] = AutoDiff.Kernels.Reductions.Dot<double>(a.AsSpan(i * n, n), v);
            }

            var vav = AutoDiff.Kernels.Reductions.Dot<double>(v, av);
            for (var i = 0; i < n; i++)
            {
                var row = a.AsSpan(i * n, n);
                var vi = v[i];
                var avi = av[i];
                for (var j = 0; j < n; j++)
                {
                    row[j] += (-2 * vi * av[j]) - (2 * avi * v[j]) + (4 * vav * vi * v[j]);
                }
            }
        }

        // Exact symmetry (rounding can differ in the last bit).
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                a[(i * n) + j] = a[(j * n) + i];
            }
        }

        return a;
    }

    public static DenseSymmetricOperator Operator(double[] lambda, ulong seed)
        => new(WithEigenvalues(lambda, seed), lambda.Length);

    /// <summary>The same matrix as <see cref="WithEigenvalues"/> applied in O(n) per product, never formed.</summary>
    public static ILinearOperator Rotated(double[] lambda, ulong seed) => new RotatedDiagonal(lambda, Reflectors(lambda.Length, seed));

    /// <summary>Column <paramref name="j"/> of P = H_k·…·H₁: the eigenvector of λⱼ.</summary>
    public static double[] Eigenvector(int n, int j, ulong seed)
    {
        var x = new double[n];
        x[j] = 1;
        foreach (var h in Reflectors(n, seed))
        {
            Reflect(h, x);
        }

        return x;
    }

    private static double[][] Reflectors(int n, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, Reflections).Select(_ =>
        {
            var v = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
            var norm = Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }).ToArray();
    }

    private static void Reflect(double[] v, Span<double> x)
    {
        var s = 2 * AutoDiff.Kernels.Reductions.Dot<double>(v, x);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] -= s * v[i];
        }
    }

    // A = P·D·Pᵀ with P = H_k·…·H₁ (the order WithEigenvalues applies them), so Ax = H_k(…H₁(D·(H₁(…H_k x)))).
    private sealed class RotatedDiagonal(double[] lambda, double[][] reflectors) : ILinearOperator
    {
        public int Dimension => lambda.Length;

        public void Apply(ReadOnlySpan<double> v, Span<double> result)
        {
            v.CopyTo(result);
            for (var r = reflectors.Length - 1; r >= 0; r--)
            {
                Reflect(reflectors[r], result);
            }

            for (var i = 0; i < result.Length; i++)
            {
                result[i] *= lambda[i];
            }

            foreach (var h in reflectors)
            {
                Reflect(h, result);
            }
        }
    }
}
