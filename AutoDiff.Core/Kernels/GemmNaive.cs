namespace AutoDiff.Kernels;

/// <summary>Placeholder until the blocked GEMM lands: a plain loop with the same contract.</summary>
public static partial class Gemm
{
    /// <summary>C = op(A)·op(B) (or += when accumulating).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool transA = false, bool transB = false, bool accumulate = false, int maxThreads = 0)
    {
        _ = maxThreads;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0f;
                for (var p = 0; p < k; p++)
                {
                    s += (transA ? a[(p * m) + i] : a[(i * k) + p]) * (transB ? b[(j * k) + p] : b[(p * n) + j]);
                }

                c[(i * n) + j] = accumulate ? c[(i * n) + j] + s : s;
            }
        }
    }

    /// <summary>C = op(A)·op(B) (or += when accumulating).</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, bool transA = false, bool transB = false, bool accumulate = false, int maxThreads = 0)
    {
        _ = maxThreads;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var p = 0; p < k; p++)
                {
                    s += (transA ? a[(p * m) + i] : a[(i * k) + p]) * (transB ? b[(j * k) + p] : b[(p * n) + j]);
                }

                c[(i * n) + j] = accumulate ? c[(i * n) + j] + s : s;
            }
        }
    }
}
