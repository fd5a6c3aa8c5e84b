using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

/// <summary>Dense symmetric matrices with a chosen spectrum: A = Q·diag(λ)·Qᵀ with a random orthogonal Q.</summary>
internal static class SpectrumFixture
{
    public static double[] WithEigenvalues(double[] lambda, ulong seed)
    {
        var n = lambda.Length;
        var rng = new Rng(seed);
        var q = new double[n][];
        for (var j = 0; j < n; j++)
        {
            var v = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
            for (var pass = 0; pass < 2; pass++)
            {
                for (var k = 0; k < j; k++)
                {
                    var d = v.Zip(q[k], (a, b) => a * b).Sum();
                    for (var i = 0; i < n; i++)
                    {
                        v[i] -= d * q[k][i];
                    }
                }
            }

            var norm = Math.Sqrt(v.Sum(x => x * x));
            q[j] = v.Select(x => x / norm).ToArray();
        }

        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var k = 0; k < n; k++)
                {
                    s += q[k][i] * lambda[k] * q[k][j];
                }

                a[(i * n) + j] = s;
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
}
