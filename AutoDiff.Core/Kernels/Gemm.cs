using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// General matrix multiply on row-major spans: <c>C = op(A)·op(B)</c> or <c>C += op(A)·op(B)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The implementation follows the Goto/BLIS scheme: the k dimension is cut into blocks of <c>KC</c>,
/// the rows of A into blocks of <c>MC</c> and the columns of B into blocks of <c>NC</c>. Each block of B
/// is packed into <c>NR</c>-column micro-panels and each block of A into <c>MR</c>-row micro-panels
/// (zero padded at the edges), and a register-tiled micro-kernel computes one <c>MR×NR</c> tile of C
/// with fused multiply-adds (<see cref="Vector512{T}"/> where accelerated, else
/// <see cref="Vector256{T}"/>, else scalar code). The packing routines read A and B in whichever
/// orientation they are stored, so no transposed copy of a whole operand is ever made.
/// </para>
/// <para>
/// Large products are split over the rows (or columns) of C between threads; the k dimension is never
/// split, so every element of C sums its products in the same order whatever the thread count, and
/// the result is bit-identical for any <c>maxThreads</c>.
/// </para>
/// </remarks>
public static unsafe partial class Gemm
{
    /// <summary>At or below this many multiply-adds (m·n·k) a plain triple loop is used.</summary>
    private const long TinyWork = 16L * 16 * 16;

    /// <summary>Below this many multiply-adds (m·n·k) the product stays on the calling thread.</summary>
    private const long ParallelWork = 64L * 64 * 64;

    /// <summary>
    /// Computes <c>C = op(A)·op(B)</c> (or <c>C += op(A)·op(B)</c>) for single-precision matrices.
    /// </summary>
    /// <param name="a">
    /// A, stored m×k row-major (leading dimension k) when <paramref name="transA"/> is false, else stored
    /// k×m row-major (leading dimension m) and used transposed.
    /// </param>
    /// <param name="b">
    /// B, stored k×n row-major (leading dimension n) when <paramref name="transB"/> is false, else stored
    /// n×k row-major (leading dimension k) and used transposed.
    /// </param>
    /// <param name="c">C, m×n row-major with leading dimension n.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B). When 0, C is set to zero (or left unchanged when accumulating).</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="transB">Whether B is stored transposed.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="maxThreads">Most threads to use: 0 uses <see cref="Parallelism.ThreadCount"/>, 1 stays on the calling thread.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or <paramref name="maxThreads"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void Multiply(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int n,
        int k,
        bool transA = false,
        bool transB = false,
        bool accumulate = false,
        int maxThreads = 0)
    {
        Validate(a.Length, b.Length, c.Length, m, n, k, maxThreads);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            Run(pa, pb, pc, m, n, k, transA, transB, accumulate, maxThreads);
        }
    }

    /// <summary>
    /// Computes <c>C = op(A)·op(B)</c> (or <c>C += op(A)·op(B)</c>) for double-precision matrices.
    /// </summary>
    /// <param name="a">
    /// A, stored m×k row-major (leading dimension k) when <paramref name="transA"/> is false, else stored
    /// k×m row-major (leading dimension m) and used transposed.
    /// </param>
    /// <param name="b">
    /// B, stored k×n row-major (leading dimension n) when <paramref name="transB"/> is false, else stored
    /// n×k row-major (leading dimension k) and used transposed.
    /// </param>
    /// <param name="c">C, m×n row-major with leading dimension n.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B). When 0, C is set to zero (or left unchanged when accumulating).</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="transB">Whether B is stored transposed.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="maxThreads">Most threads to use: 0 uses <see cref="Parallelism.ThreadCount"/>, 1 stays on the calling thread.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or <paramref name="maxThreads"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void Multiply(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        Span<double> c,
        int m,
        int n,
        int k,
        bool transA = false,
        bool transB = false,
        bool accumulate = false,
        int maxThreads = 0)
    {
        Validate(a.Length, b.Length, c.Length, m, n, k, maxThreads);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            Run(pa, pb, pc, m, n, k, transA, transB, accumulate, maxThreads);
        }
    }

    /// <summary>
    /// Generic entry point that dispatches to the <see cref="float"/> or <see cref="double"/> overload.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="a">A (see the concrete overloads).</param>
    /// <param name="b">B (see the concrete overloads).</param>
    /// <param name="c">C, m×n row-major.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="transB">Whether B is stored transposed.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="maxThreads">Most threads to use (0: <see cref="Parallelism.ThreadCount"/>).</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    internal static void Multiply<T>(
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        int m,
        int n,
        int k,
        bool transA = false,
        bool transB = false,
        bool accumulate = false,
        int maxThreads = 0)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Multiply(
                MemoryMarshal.Cast<T, float>(a),
                MemoryMarshal.Cast<T, float>(b),
                MemoryMarshal.Cast<T, float>(c),
                m, n, k, transA, transB, accumulate, maxThreads);
        }
        else if (typeof(T) == typeof(double))
        {
            Multiply(
                MemoryMarshal.Cast<T, double>(a),
                MemoryMarshal.Cast<T, double>(b),
                MemoryMarshal.Cast<T, double>(c),
                m, n, k, transA, transB, accumulate, maxThreads);
        }
        else
        {
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        }
    }

    private static void Validate(int lengthA, int lengthB, int lengthC, int m, int n, int k, int maxThreads)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(m), $"Gemm: sizes must be non-negative (m={m}, n={n}, k={k}).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxThreads);
        if (lengthA < (long)m * k)
        {
            throw new ArgumentException(
                $"Gemm: A has {lengthA} elements but m×k = {m}×{k} = {(long)m * k} are needed.", "a");
        }

        if (lengthB < (long)k * n)
        {
            throw new ArgumentException(
                $"Gemm: B has {lengthB} elements but k×n = {k}×{n} = {(long)k * n} are needed.", "b");
        }

        if (lengthC < (long)m * n)
        {
            throw new ArgumentException(
                $"Gemm: C has {lengthC} elements but m×n = {m}×{n} = {(long)m * n} are needed.", "c");
        }
    }

    /// <summary>Picks the tiny, single-threaded or parallel path for a validated, non-empty product.</summary>
    private static void Run<T>(
        T* a, T* b, T* c, int m, int n, int k, bool transA, bool transB, bool accumulate, int maxThreads)
        where T : unmanaged
    {
        if (k == 0)
        {
            if (!accumulate)
            {
                new Span<T>(c, m * n).Clear();
            }

            return;
        }

        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        long work = (long)m * n * k;
        if (work <= TinyWork)
        {
            Tiny(a, lda, transA, b, ldb, transB, c, n, m, n, k, accumulate);
            return;
        }

        int threads = maxThreads == 0 ? Parallelism.ThreadCount : Math.Min(maxThreads, Environment.ProcessorCount);
        if (threads > 1 && work >= ParallelWork)
        {
            var job = new Job
            {
                A = a,
                B = b,
                C = c,
                Lda = lda,
                Ldb = ldb,
                M = m,
                N = n,
                K = k,
                TransA = transA,
                TransB = transB,
                Accumulate = accumulate,
                IsDouble = typeof(T) == typeof(double),
                Parts = threads,
            };
            if (WorkerPool.TryRun(&RunPart, &job, threads, threads))
            {
                return;
            }
        }

        Blocked(a, lda, transA, b, ldb, transB, c, n, m, n, k, accumulate);
    }

    /// <summary>Plain dot-product loop for products too small to repay packing.</summary>
    private static void Tiny<T>(
        T* a, int lda, bool transA, T* b, int ldb, bool transB, T* c, int ldc, int m, int n, int k, bool accumulate)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            TinyCore((float*)a, lda, transA, (float*)b, ldb, transB, (float*)c, ldc, m, n, k, accumulate);
        }
        else
        {
            TinyCore((double*)a, lda, transA, (double*)b, ldb, transB, (double*)c, ldc, m, n, k, accumulate);
        }
    }

    /// <summary>
    /// Small products vectorised along whichever axis is contiguous: rows of C as sums of rows of op(B) when B
    /// is not transposed (matrix × matrix and the outer products of rank-1 updates), dot products of rows when
    /// op(A) has contiguous rows and op(B) contiguous columns (matrix × vector); plain loops otherwise.
    /// </summary>
    private static void TinyCore<T>(
        T* a, int lda, bool transA, T* b, int ldb, bool transB, T* c, int ldc, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector256.IsHardwareAccelerated && !transB && n >= Vector256<T>.Count)
        {
            TinyRows(a, lda, transA, b, ldb, c, ldc, m, n, k, accumulate);
            return;
        }

        if (Vector256.IsHardwareAccelerated && !transA && transB && k >= Vector256<T>.Count)
        {
            TinyDots(a, lda, b, ldb, c, ldc, m, n, k, accumulate);
            return;
        }

        nint strideAi = transA ? 1 : lda;
        nint strideAp = transA ? lda : 1;
        nint strideBp = transB ? 1 : ldb;
        nint strideBj = transB ? ldb : 1;
        for (int i = 0; i < m; i++)
        {
            T* rowA = a + (i * strideAi);
            T* rowC = c + ((nint)i * ldc);
            for (int j = 0; j < n; j++)
            {
                T* colB = b + (j * strideBj);
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += rowA[p * strideAp] * colB[p * strideBp];
                }

                rowC[j] = accumulate ? rowC[j] + sum : sum;
            }
        }
    }

    /// <summary>C[i, :] (+)= Σₚ op(A)[i, p]·B[p, :] with B rows contiguous, a vector axpy per term.</summary>
    private static void TinyRows<T>(T* a, int lda, bool transA, T* b, int ldb, T* c, int ldc, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint strideAi = transA ? 1 : lda;
        nint strideAp = transA ? lda : 1;
        int width = Vector256<T>.Count;
        for (int i = 0; i < m; i++)
        {
            T* rowC = c + ((nint)i * ldc);
            if (!accumulate)
            {
                new Span<T>(rowC, n).Clear();
            }

            for (int p = 0; p < k; p++)
            {
                T aip = a[(i * strideAi) + (p * strideAp)];
                T* rowB = b + ((nint)p * ldb);
                var va = Vector256.Create(aip);
                int j = 0;
                for (; j <= n - width; j += width)
                {
                    Vector256.Store(Width256<T>.MultiplyAdd(va, Vector256.Load(rowB + j), Vector256.Load(rowC + j)), rowC + j);
                }

                for (; j < n; j++)
                {
                    rowC[j] = T.FusedMultiplyAdd(aip, rowB[j], rowC[j]);
                }
            }
        }
    }

    /// <summary>C[i, j] (+)= ⟨A[i, :], B[j, :]⟩ for A rows and stored B rows both contiguous (op(B) = Bᵀ).</summary>
    private static void TinyDots<T>(T* a, int lda, T* b, int ldb, T* c, int ldc, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        for (int i = 0; i < m; i++)
        {
            T* rowA = a + ((nint)i * lda);
            for (int j = 0; j < n; j++)
            {
                T* rowB = b + ((nint)j * ldb);
                var sum = Vector256<T>.Zero;
                int p = 0;
                for (; p <= k - width; p += width)
                {
                    sum = Width256<T>.MultiplyAdd(Vector256.Load(rowA + p), Vector256.Load(rowB + p), sum);
                }

                T total = Vector256.Sum(sum);
                for (; p < k; p++)
                {
                    total = T.FusedMultiplyAdd(rowA[p], rowB[p], total);
                }

                T* cij = c + ((nint)i * ldc) + j;
                *cij = accumulate ? *cij + total : total;
            }
        }
    }
}
