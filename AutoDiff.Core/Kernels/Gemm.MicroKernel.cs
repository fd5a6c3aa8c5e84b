using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{

    // Every accumulator of a register tile is its own local so that the JIT keeps the whole
    // MR x NR tile in vector registers (Vector512 has 32 of them); the code is written out in full.

    /// <summary>Rows of the <see cref="Vector512{T}"/> register tile.</summary>
    private const int Kernel512Rows = 12;

    /// <summary>
    /// 12x32 float register tile using Vector512&lt;float&gt; and FMA: C[0..12, 0..32] (+)= A-panel * B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 12 values per step.</param>
    /// <param name="b">Packed B micro-panel, 32 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        // Start fetching the C tile now; it is only touched after the k loop.
        Sse.Prefetch0(c);
        Sse.Prefetch0(c + 16);
        Sse.Prefetch0(c + ldc);
        Sse.Prefetch0(c + ldc + 16);
        Sse.Prefetch0(c + 2 * ldc);
        Sse.Prefetch0(c + 2 * ldc + 16);
        Sse.Prefetch0(c + 3 * ldc);
        Sse.Prefetch0(c + 3 * ldc + 16);
        Sse.Prefetch0(c + 4 * ldc);
        Sse.Prefetch0(c + 4 * ldc + 16);
        Sse.Prefetch0(c + 5 * ldc);
        Sse.Prefetch0(c + 5 * ldc + 16);
        Sse.Prefetch0(c + 6 * ldc);
        Sse.Prefetch0(c + 6 * ldc + 16);
        Sse.Prefetch0(c + 7 * ldc);
        Sse.Prefetch0(c + 7 * ldc + 16);
        Sse.Prefetch0(c + 8 * ldc);
        Sse.Prefetch0(c + 8 * ldc + 16);
        Sse.Prefetch0(c + 9 * ldc);
        Sse.Prefetch0(c + 9 * ldc + 16);
        Sse.Prefetch0(c + 10 * ldc);
        Sse.Prefetch0(c + 10 * ldc + 16);
        Sse.Prefetch0(c + 11 * ldc);
        Sse.Prefetch0(c + 11 * ldc + 16);
        Vector512<float> c0_0 = Vector512<float>.Zero; Vector512<float> c0_1 = Vector512<float>.Zero;
        Vector512<float> c1_0 = Vector512<float>.Zero; Vector512<float> c1_1 = Vector512<float>.Zero;
        Vector512<float> c2_0 = Vector512<float>.Zero; Vector512<float> c2_1 = Vector512<float>.Zero;
        Vector512<float> c3_0 = Vector512<float>.Zero; Vector512<float> c3_1 = Vector512<float>.Zero;
        Vector512<float> c4_0 = Vector512<float>.Zero; Vector512<float> c4_1 = Vector512<float>.Zero;
        Vector512<float> c5_0 = Vector512<float>.Zero; Vector512<float> c5_1 = Vector512<float>.Zero;
        Vector512<float> c6_0 = Vector512<float>.Zero; Vector512<float> c6_1 = Vector512<float>.Zero;
        Vector512<float> c7_0 = Vector512<float>.Zero; Vector512<float> c7_1 = Vector512<float>.Zero;
        Vector512<float> c8_0 = Vector512<float>.Zero; Vector512<float> c8_1 = Vector512<float>.Zero;
        Vector512<float> c9_0 = Vector512<float>.Zero; Vector512<float> c9_1 = Vector512<float>.Zero;
        Vector512<float> c10_0 = Vector512<float>.Zero; Vector512<float> c10_1 = Vector512<float>.Zero;
        Vector512<float> c11_0 = Vector512<float>.Zero; Vector512<float> c11_1 = Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            Vector512<float> a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            Vector512<float> a7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            Vector512<float> a8 = Vector512.Create(a[8]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
            Vector512<float> a9 = Vector512.Create(a[9]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
            Vector512<float> a10 = Vector512.Create(a[10]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
            Vector512<float> a11 = Vector512.Create(a[11]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
            a += 12;
            b += 32;
        }

        if (overwrite)
        {
            Vector512.Store(c0_0, c);
            Vector512.Store(c0_1, c + 16);
            Vector512.Store(c1_0, c + ldc);
            Vector512.Store(c1_1, c + ldc + 16);
            Vector512.Store(c2_0, c + 2 * ldc);
            Vector512.Store(c2_1, c + 2 * ldc + 16);
            Vector512.Store(c3_0, c + 3 * ldc);
            Vector512.Store(c3_1, c + 3 * ldc + 16);
            Vector512.Store(c4_0, c + 4 * ldc);
            Vector512.Store(c4_1, c + 4 * ldc + 16);
            Vector512.Store(c5_0, c + 5 * ldc);
            Vector512.Store(c5_1, c + 5 * ldc + 16);
            Vector512.Store(c6_0, c + 6 * ldc);
            Vector512.Store(c6_1, c + 6 * ldc + 16);
            Vector512.Store(c7_0, c + 7 * ldc);
            Vector512.Store(c7_1, c + 7 * ldc + 16);
            Vector512.Store(c8_0, c + 8 * ldc);
            Vector512.Store(c8_1, c + 8 * ldc + 16);
            Vector512.Store(c9_0, c + 9 * ldc);
            Vector512.Store(c9_1, c + 9 * ldc + 16);
            Vector512.Store(c10_0, c + 10 * ldc);
            Vector512.Store(c10_1, c + 10 * ldc + 16);
            Vector512.Store(c11_0, c + 11 * ldc);
            Vector512.Store(c11_1, c + 11 * ldc + 16);
        }
        else
        {
            Vector512.Store(Vector512.Load(c) + c0_0, c);
            Vector512.Store(Vector512.Load(c + 16) + c0_1, c + 16);
            Vector512.Store(Vector512.Load(c + ldc) + c1_0, c + ldc);
            Vector512.Store(Vector512.Load(c + ldc + 16) + c1_1, c + ldc + 16);
            Vector512.Store(Vector512.Load(c + 2 * ldc) + c2_0, c + 2 * ldc);
            Vector512.Store(Vector512.Load(c + 2 * ldc + 16) + c2_1, c + 2 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 3 * ldc) + c3_0, c + 3 * ldc);
            Vector512.Store(Vector512.Load(c + 3 * ldc + 16) + c3_1, c + 3 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 4 * ldc) + c4_0, c + 4 * ldc);
            Vector512.Store(Vector512.Load(c + 4 * ldc + 16) + c4_1, c + 4 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 5 * ldc) + c5_0, c + 5 * ldc);
            Vector512.Store(Vector512.Load(c + 5 * ldc + 16) + c5_1, c + 5 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 6 * ldc) + c6_0, c + 6 * ldc);
            Vector512.Store(Vector512.Load(c + 6 * ldc + 16) + c6_1, c + 6 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 7 * ldc) + c7_0, c + 7 * ldc);
            Vector512.Store(Vector512.Load(c + 7 * ldc + 16) + c7_1, c + 7 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 8 * ldc) + c8_0, c + 8 * ldc);
            Vector512.Store(Vector512.Load(c + 8 * ldc + 16) + c8_1, c + 8 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 9 * ldc) + c9_0, c + 9 * ldc);
            Vector512.Store(Vector512.Load(c + 9 * ldc + 16) + c9_1, c + 9 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 10 * ldc) + c10_0, c + 10 * ldc);
            Vector512.Store(Vector512.Load(c + 10 * ldc + 16) + c10_1, c + 10 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 11 * ldc) + c11_0, c + 11 * ldc);
            Vector512.Store(Vector512.Load(c + 11 * ldc + 16) + c11_1, c + 11 * ldc + 16);
        }
    }

    /// <summary>
    /// 12x16 double register tile using Vector512&lt;double&gt; and FMA: C[0..12, 0..16] (+)= A-panel * B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 12 values per step.</param>
    /// <param name="b">Packed B micro-panel, 16 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, double* a, double* b, double* c, int ldc, bool overwrite)
    {
        // Start fetching the C tile now; it is only touched after the k loop.
        Sse.Prefetch0(c);
        Sse.Prefetch0(c + 8);
        Sse.Prefetch0(c + ldc);
        Sse.Prefetch0(c + ldc + 8);
        Sse.Prefetch0(c + 2 * ldc);
        Sse.Prefetch0(c + 2 * ldc + 8);
        Sse.Prefetch0(c + 3 * ldc);
        Sse.Prefetch0(c + 3 * ldc + 8);
        Sse.Prefetch0(c + 4 * ldc);
        Sse.Prefetch0(c + 4 * ldc + 8);
        Sse.Prefetch0(c + 5 * ldc);
        Sse.Prefetch0(c + 5 * ldc + 8);
        Sse.Prefetch0(c + 6 * ldc);
        Sse.Prefetch0(c + 6 * ldc + 8);
        Sse.Prefetch0(c + 7 * ldc);
        Sse.Prefetch0(c + 7 * ldc + 8);
        Sse.Prefetch0(c + 8 * ldc);
        Sse.Prefetch0(c + 8 * ldc + 8);
        Sse.Prefetch0(c + 9 * ldc);
        Sse.Prefetch0(c + 9 * ldc + 8);
        Sse.Prefetch0(c + 10 * ldc);
        Sse.Prefetch0(c + 10 * ldc + 8);
        Sse.Prefetch0(c + 11 * ldc);
        Sse.Prefetch0(c + 11 * ldc + 8);
        Vector512<double> c0_0 = Vector512<double>.Zero; Vector512<double> c0_1 = Vector512<double>.Zero;
        Vector512<double> c1_0 = Vector512<double>.Zero; Vector512<double> c1_1 = Vector512<double>.Zero;
        Vector512<double> c2_0 = Vector512<double>.Zero; Vector512<double> c2_1 = Vector512<double>.Zero;
        Vector512<double> c3_0 = Vector512<double>.Zero; Vector512<double> c3_1 = Vector512<double>.Zero;
        Vector512<double> c4_0 = Vector512<double>.Zero; Vector512<double> c4_1 = Vector512<double>.Zero;
        Vector512<double> c5_0 = Vector512<double>.Zero; Vector512<double> c5_1 = Vector512<double>.Zero;
        Vector512<double> c6_0 = Vector512<double>.Zero; Vector512<double> c6_1 = Vector512<double>.Zero;
        Vector512<double> c7_0 = Vector512<double>.Zero; Vector512<double> c7_1 = Vector512<double>.Zero;
        Vector512<double> c8_0 = Vector512<double>.Zero; Vector512<double> c8_1 = Vector512<double>.Zero;
        Vector512<double> c9_0 = Vector512<double>.Zero; Vector512<double> c9_1 = Vector512<double>.Zero;
        Vector512<double> c10_0 = Vector512<double>.Zero; Vector512<double> c10_1 = Vector512<double>.Zero;
        Vector512<double> c11_0 = Vector512<double>.Zero; Vector512<double> c11_1 = Vector512<double>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector512<double> b0 = Vector512.Load(b + 0);
            Vector512<double> b1 = Vector512.Load(b + 8);
            Vector512<double> a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            Vector512<double> a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            Vector512<double> a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            Vector512<double> a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            Vector512<double> a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            Vector512<double> a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            Vector512<double> a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            Vector512<double> a7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            Vector512<double> a8 = Vector512.Create(a[8]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
            Vector512<double> a9 = Vector512.Create(a[9]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
            Vector512<double> a10 = Vector512.Create(a[10]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
            Vector512<double> a11 = Vector512.Create(a[11]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
            a += 12;
            b += 16;
        }

        if (overwrite)
        {
            Vector512.Store(c0_0, c);
            Vector512.Store(c0_1, c + 8);
            Vector512.Store(c1_0, c + ldc);
            Vector512.Store(c1_1, c + ldc + 8);
            Vector512.Store(c2_0, c + 2 * ldc);
            Vector512.Store(c2_1, c + 2 * ldc + 8);
            Vector512.Store(c3_0, c + 3 * ldc);
            Vector512.Store(c3_1, c + 3 * ldc + 8);
            Vector512.Store(c4_0, c + 4 * ldc);
            Vector512.Store(c4_1, c + 4 * ldc + 8);
            Vector512.Store(c5_0, c + 5 * ldc);
            Vector512.Store(c5_1, c + 5 * ldc + 8);
            Vector512.Store(c6_0, c + 6 * ldc);
            Vector512.Store(c6_1, c + 6 * ldc + 8);
            Vector512.Store(c7_0, c + 7 * ldc);
            Vector512.Store(c7_1, c + 7 * ldc + 8);
            Vector512.Store(c8_0, c + 8 * ldc);
            Vector512.Store(c8_1, c + 8 * ldc + 8);
            Vector512.Store(c9_0, c + 9 * ldc);
            Vector512.Store(c9_1, c + 9 * ldc + 8);
            Vector512.Store(c10_0, c + 10 * ldc);
            Vector512.Store(c10_1, c + 10 * ldc + 8);
            Vector512.Store(c11_0, c + 11 * ldc);
            Vector512.Store(c11_1, c + 11 * ldc + 8);
        }
        else
        {
            Vector512.Store(Vector512.Load(c) + c0_0, c);
            Vector512.Store(Vector512.Load(c + 8) + c0_1, c + 8);
            Vector512.Store(Vector512.Load(c + ldc) + c1_0, c + ldc);
            Vector512.Store(Vector512.Load(c + ldc + 8) + c1_1, c + ldc + 8);
            Vector512.Store(Vector512.Load(c + 2 * ldc) + c2_0, c + 2 * ldc);
            Vector512.Store(Vector512.Load(c + 2 * ldc + 8) + c2_1, c + 2 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 3 * ldc) + c3_0, c + 3 * ldc);
            Vector512.Store(Vector512.Load(c + 3 * ldc + 8) + c3_1, c + 3 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 4 * ldc) + c4_0, c + 4 * ldc);
            Vector512.Store(Vector512.Load(c + 4 * ldc + 8) + c4_1, c + 4 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 5 * ldc) + c5_0, c + 5 * ldc);
            Vector512.Store(Vector512.Load(c + 5 * ldc + 8) + c5_1, c + 5 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 6 * ldc) + c6_0, c + 6 * ldc);
            Vector512.Store(Vector512.Load(c + 6 * ldc + 8) + c6_1, c + 6 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 7 * ldc) + c7_0, c + 7 * ldc);
            Vector512.Store(Vector512.Load(c + 7 * ldc + 8) + c7_1, c + 7 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 8 * ldc) + c8_0, c + 8 * ldc);
            Vector512.Store(Vector512.Load(c + 8 * ldc + 8) + c8_1, c + 8 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 9 * ldc) + c9_0, c + 9 * ldc);
            Vector512.Store(Vector512.Load(c + 9 * ldc + 8) + c9_1, c + 9 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 10 * ldc) + c10_0, c + 10 * ldc);
            Vector512.Store(Vector512.Load(c + 10 * ldc + 8) + c10_1, c + 10 * ldc + 8);
            Vector512.Store(Vector512.Load(c + 11 * ldc) + c11_0, c + 11 * ldc);
            Vector512.Store(Vector512.Load(c + 11 * ldc + 8) + c11_1, c + 11 * ldc + 8);
        }
    }

    /// <summary>
    /// 6x16 float register tile using Vector256&lt;float&gt; and FMA: C[0..6, 0..16] (+)= A-panel * B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 6 values per step.</param>
    /// <param name="b">Packed B micro-panel, 16 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        // The C tile is read (or written) after the k loop: for long loops, where its cache misses would
        // show, start fetching its rows now (first and last element).
        if (kc >= 128)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + 15);
            Sse.Prefetch0(c + ldc);
            Sse.Prefetch0(c + ldc + 15);
            Sse.Prefetch0(c + 2 * ldc);
            Sse.Prefetch0(c + 2 * ldc + 15);
            Sse.Prefetch0(c + 3 * ldc);
            Sse.Prefetch0(c + 3 * ldc + 15);
            Sse.Prefetch0(c + 4 * ldc);
            Sse.Prefetch0(c + 4 * ldc + 15);
            Sse.Prefetch0(c + 5 * ldc);
            Sse.Prefetch0(c + 5 * ldc + 15);
        }

        Vector256<float> c0_0 = Vector256<float>.Zero; Vector256<float> c0_1 = Vector256<float>.Zero;
        Vector256<float> c1_0 = Vector256<float>.Zero; Vector256<float> c1_1 = Vector256<float>.Zero;
        Vector256<float> c2_0 = Vector256<float>.Zero; Vector256<float> c2_1 = Vector256<float>.Zero;
        Vector256<float> c3_0 = Vector256<float>.Zero; Vector256<float> c3_1 = Vector256<float>.Zero;
        Vector256<float> c4_0 = Vector256<float>.Zero; Vector256<float> c4_1 = Vector256<float>.Zero;
        Vector256<float> c5_0 = Vector256<float>.Zero; Vector256<float> c5_1 = Vector256<float>.Zero;
        // Two steps per iteration: half the loop overhead (about 5% at n = 128…1024, measured interleaved).
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            {
                Vector256<float> b0 = Vector256.Load(b + 0);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> a0 = Vector256.Create(a[0]);
                c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[1]);
                c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[2]);
                c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[3]);
                c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[4]);
                c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[5]);
                c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            }

            {
                Vector256<float> b0 = Vector256.Load(b + 16);
                Vector256<float> b1 = Vector256.Load(b + 24);
                Vector256<float> a0 = Vector256.Create(a[6]);
                c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[7]);
                c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[8]);
                c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[9]);
                c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[10]);
                c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[11]);
                c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            }

            a += 12;
            b += 32;
        }

        for (; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }

        if (overwrite)
        {
            Vector256.Store(c0_0, c);
            Vector256.Store(c0_1, c + 8);
            Vector256.Store(c1_0, c + ldc);
            Vector256.Store(c1_1, c + ldc + 8);
            Vector256.Store(c2_0, c + 2 * ldc);
            Vector256.Store(c2_1, c + 2 * ldc + 8);
            Vector256.Store(c3_0, c + 3 * ldc);
            Vector256.Store(c3_1, c + 3 * ldc + 8);
            Vector256.Store(c4_0, c + 4 * ldc);
            Vector256.Store(c4_1, c + 4 * ldc + 8);
            Vector256.Store(c5_0, c + 5 * ldc);
            Vector256.Store(c5_1, c + 5 * ldc + 8);
        }
        else
        {
            Vector256.Store(Vector256.Load(c) + c0_0, c);
            Vector256.Store(Vector256.Load(c + 8) + c0_1, c + 8);
            Vector256.Store(Vector256.Load(c + ldc) + c1_0, c + ldc);
            Vector256.Store(Vector256.Load(c + ldc + 8) + c1_1, c + ldc + 8);
            Vector256.Store(Vector256.Load(c + 2 * ldc) + c2_0, c + 2 * ldc);
            Vector256.Store(Vector256.Load(c + 2 * ldc + 8) + c2_1, c + 2 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 3 * ldc) + c3_0, c + 3 * ldc);
            Vector256.Store(Vector256.Load(c + 3 * ldc + 8) + c3_1, c + 3 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 4 * ldc) + c4_0, c + 4 * ldc);
            Vector256.Store(Vector256.Load(c + 4 * ldc + 8) + c4_1, c + 4 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 5 * ldc) + c5_0, c + 5 * ldc);
            Vector256.Store(Vector256.Load(c + 5 * ldc + 8) + c5_1, c + 5 * ldc + 8);
        }
    }

    /// <summary>
    /// 6x8 double register tile using Vector256&lt;double&gt; and FMA: C[0..6, 0..8] (+)= A-panel * B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 6 values per step.</param>
    /// <param name="b">Packed B micro-panel, 8 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, double* a, double* b, double* c, int ldc, bool overwrite)
    {
        // The C tile is read (or written) after the k loop: for long loops, where its cache misses would
        // show, start fetching its rows now (first and last element).
        if (kc >= 128)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + 7);
            Sse.Prefetch0(c + ldc);
            Sse.Prefetch0(c + ldc + 7);
            Sse.Prefetch0(c + 2 * ldc);
            Sse.Prefetch0(c + 2 * ldc + 7);
            Sse.Prefetch0(c + 3 * ldc);
            Sse.Prefetch0(c + 3 * ldc + 7);
            Sse.Prefetch0(c + 4 * ldc);
            Sse.Prefetch0(c + 4 * ldc + 7);
            Sse.Prefetch0(c + 5 * ldc);
            Sse.Prefetch0(c + 5 * ldc + 7);
        }

        Vector256<double> c0_0 = Vector256<double>.Zero; Vector256<double> c0_1 = Vector256<double>.Zero;
        Vector256<double> c1_0 = Vector256<double>.Zero; Vector256<double> c1_1 = Vector256<double>.Zero;
        Vector256<double> c2_0 = Vector256<double>.Zero; Vector256<double> c2_1 = Vector256<double>.Zero;
        Vector256<double> c3_0 = Vector256<double>.Zero; Vector256<double> c3_1 = Vector256<double>.Zero;
        Vector256<double> c4_0 = Vector256<double>.Zero; Vector256<double> c4_1 = Vector256<double>.Zero;
        Vector256<double> c5_0 = Vector256<double>.Zero; Vector256<double> c5_1 = Vector256<double>.Zero;
        // Two steps per iteration: half the loop overhead.
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            {
                Vector256<double> b0 = Vector256.Load(b + 0);
                Vector256<double> b1 = Vector256.Load(b + 4);
                Vector256<double> a0 = Vector256.Create(a[0]);
                c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
                Vector256<double> a1 = Vector256.Create(a[1]);
                c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
                Vector256<double> a2 = Vector256.Create(a[2]);
                c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
                Vector256<double> a3 = Vector256.Create(a[3]);
                c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
                Vector256<double> a4 = Vector256.Create(a[4]);
                c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
                Vector256<double> a5 = Vector256.Create(a[5]);
                c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            }

            {
                Vector256<double> b0 = Vector256.Load(b + 8);
                Vector256<double> b1 = Vector256.Load(b + 12);
                Vector256<double> a0 = Vector256.Create(a[6]);
                c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
                Vector256<double> a1 = Vector256.Create(a[7]);
                c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
                Vector256<double> a2 = Vector256.Create(a[8]);
                c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
                Vector256<double> a3 = Vector256.Create(a[9]);
                c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
                Vector256<double> a4 = Vector256.Create(a[10]);
                c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
                Vector256<double> a5 = Vector256.Create(a[11]);
                c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            }

            a += 12;
            b += 16;
        }

        for (; p < kc; p++)
        {
            Vector256<double> b0 = Vector256.Load(b + 0);
            Vector256<double> b1 = Vector256.Load(b + 4);
            Vector256<double> a0 = Vector256.Create(a[0]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            Vector256<double> a1 = Vector256.Create(a[1]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            Vector256<double> a2 = Vector256.Create(a[2]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            Vector256<double> a3 = Vector256.Create(a[3]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            Vector256<double> a4 = Vector256.Create(a[4]);
            c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
            Vector256<double> a5 = Vector256.Create(a[5]);
            c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 8;
        }

        if (overwrite)
        {
            Vector256.Store(c0_0, c);
            Vector256.Store(c0_1, c + 4);
            Vector256.Store(c1_0, c + ldc);
            Vector256.Store(c1_1, c + ldc + 4);
            Vector256.Store(c2_0, c + 2 * ldc);
            Vector256.Store(c2_1, c + 2 * ldc + 4);
            Vector256.Store(c3_0, c + 3 * ldc);
            Vector256.Store(c3_1, c + 3 * ldc + 4);
            Vector256.Store(c4_0, c + 4 * ldc);
            Vector256.Store(c4_1, c + 4 * ldc + 4);
            Vector256.Store(c5_0, c + 5 * ldc);
            Vector256.Store(c5_1, c + 5 * ldc + 4);
        }
        else
        {
            Vector256.Store(Vector256.Load(c) + c0_0, c);
            Vector256.Store(Vector256.Load(c + 4) + c0_1, c + 4);
            Vector256.Store(Vector256.Load(c + ldc) + c1_0, c + ldc);
            Vector256.Store(Vector256.Load(c + ldc + 4) + c1_1, c + ldc + 4);
            Vector256.Store(Vector256.Load(c + 2 * ldc) + c2_0, c + 2 * ldc);
            Vector256.Store(Vector256.Load(c + 2 * ldc + 4) + c2_1, c + 2 * ldc + 4);
            Vector256.Store(Vector256.Load(c + 3 * ldc) + c3_0, c + 3 * ldc);
            Vector256.Store(Vector256.Load(c + 3 * ldc + 4) + c3_1, c + 3 * ldc + 4);
            Vector256.Store(Vector256.Load(c + 4 * ldc) + c4_0, c + 4 * ldc);
            Vector256.Store(Vector256.Load(c + 4 * ldc + 4) + c4_1, c + 4 * ldc + 4);
            Vector256.Store(Vector256.Load(c + 5 * ldc) + c5_0, c + 5 * ldc);
            Vector256.Store(Vector256.Load(c + 5 * ldc + 4) + c5_1, c + 5 * ldc + 4);
        }
    }

    /// <summary>
    /// 4x4 float register tile in scalar code: C[0..4, 0..4] (+)= A-panel * B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 4 values per step.</param>
    /// <param name="b">Packed B micro-panel, 4 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelScalar(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        float c0_0 = 0; float c0_1 = 0; float c0_2 = 0; float c0_3 = 0;
        float c1_0 = 0; float c1_1 = 0; float c1_2 = 0; float c1_3 = 0;
        float c2_0 = 0; float c2_1 = 0; float c2_2 = 0; float c2_3 = 0;
        float c3_0 = 0; float c3_1 = 0; float c3_2 = 0; float c3_3 = 0;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0];
            float b1 = b[1];
            float b2 = b[2];
            float b3 = b[3];
            float a0 = a[0];
            c0_0 += a0 * b0;
            c0_1 += a0 * b1;
            c0_2 += a0 * b2;
            c0_3 += a0 * b3;
            float a1 = a[1];
            c1_0 += a1 * b0;
            c1_1 += a1 * b1;
            c1_2 += a1 * b2;
            c1_3 += a1 * b3;
            float a2 = a[2];
            c2_0 += a2 * b0;
            c2_1 += a2 * b1;
            c2_2 += a2 * b2;
            c2_3 += a2 * b3;
            float a3 = a[3];
            c3_0 += a3 * b0;
            c3_1 += a3 * b1;
            c3_2 += a3 * b2;
            c3_3 += a3 * b3;
            a += 4;
            b += 4;
        }

        if (overwrite)
        {
            (c)[0] = c0_0;
            (c)[1] = c0_1;
            (c)[2] = c0_2;
            (c)[3] = c0_3;
            (c + ldc)[0] = c1_0;
            (c + ldc)[1] = c1_1;
            (c + ldc)[2] = c1_2;
            (c + ldc)[3] = c1_3;
            (c + 2 * ldc)[0] = c2_0;
            (c + 2 * ldc)[1] = c2_1;
            (c + 2 * ldc)[2] = c2_2;
            (c + 2 * ldc)[3] = c2_3;
            (c + 3 * ldc)[0] = c3_0;
            (c + 3 * ldc)[1] = c3_1;
            (c + 3 * ldc)[2] = c3_2;
            (c + 3 * ldc)[3] = c3_3;
        }
        else
        {
            (c)[0] += c0_0;
            (c)[1] += c0_1;
            (c)[2] += c0_2;
            (c)[3] += c0_3;
            (c + ldc)[0] += c1_0;
            (c + ldc)[1] += c1_1;
            (c + ldc)[2] += c1_2;
            (c + ldc)[3] += c1_3;
            (c + 2 * ldc)[0] += c2_0;
            (c + 2 * ldc)[1] += c2_1;
            (c + 2 * ldc)[2] += c2_2;
            (c + 2 * ldc)[3] += c2_3;
            (c + 3 * ldc)[0] += c3_0;
            (c + 3 * ldc)[1] += c3_1;
            (c + 3 * ldc)[2] += c3_2;
            (c + 3 * ldc)[3] += c3_3;
        }
    }

    /// <summary>
    /// 4x4 double register tile in scalar code: C[0..4, 0..4] (+)= A-panel * B-panel over <paramref name="kc"/> steps.
    /// </summary>
    /// <param name="kc">Depth of the packed panels.</param>
    /// <param name="a">Packed A micro-panel, 4 values per step.</param>
    /// <param name="b">Packed B micro-panel, 4 values per step.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store the tile instead of adding it to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelScalar(int kc, double* a, double* b, double* c, int ldc, bool overwrite)
    {
        double c0_0 = 0; double c0_1 = 0; double c0_2 = 0; double c0_3 = 0;
        double c1_0 = 0; double c1_1 = 0; double c1_2 = 0; double c1_3 = 0;
        double c2_0 = 0; double c2_1 = 0; double c2_2 = 0; double c2_3 = 0;
        double c3_0 = 0; double c3_1 = 0; double c3_2 = 0; double c3_3 = 0;
        for (int p = 0; p < kc; p++)
        {
            double b0 = b[0];
            double b1 = b[1];
            double b2 = b[2];
            double b3 = b[3];
            double a0 = a[0];
            c0_0 += a0 * b0;
            c0_1 += a0 * b1;
            c0_2 += a0 * b2;
            c0_3 += a0 * b3;
            double a1 = a[1];
            c1_0 += a1 * b0;
            c1_1 += a1 * b1;
            c1_2 += a1 * b2;
            c1_3 += a1 * b3;
            double a2 = a[2];
            c2_0 += a2 * b0;
            c2_1 += a2 * b1;
            c2_2 += a2 * b2;
            c2_3 += a2 * b3;
            double a3 = a[3];
            c3_0 += a3 * b0;
            c3_1 += a3 * b1;
            c3_2 += a3 * b2;
            c3_3 += a3 * b3;
            a += 4;
            b += 4;
        }

        if (overwrite)
        {
            (c)[0] = c0_0;
            (c)[1] = c0_1;
            (c)[2] = c0_2;
            (c)[3] = c0_3;
            (c + ldc)[0] = c1_0;
            (c + ldc)[1] = c1_1;
            (c + ldc)[2] = c1_2;
            (c + ldc)[3] = c1_3;
            (c + 2 * ldc)[0] = c2_0;
            (c + 2 * ldc)[1] = c2_1;
            (c + 2 * ldc)[2] = c2_2;
            (c + 2 * ldc)[3] = c2_3;
            (c + 3 * ldc)[0] = c3_0;
            (c + 3 * ldc)[1] = c3_1;
            (c + 3 * ldc)[2] = c3_2;
            (c + 3 * ldc)[3] = c3_3;
        }
        else
        {
            (c)[0] += c0_0;
            (c)[1] += c0_1;
            (c)[2] += c0_2;
            (c)[3] += c0_3;
            (c + ldc)[0] += c1_0;
            (c + ldc)[1] += c1_1;
            (c + ldc)[2] += c1_2;
            (c + ldc)[3] += c1_3;
            (c + 2 * ldc)[0] += c2_0;
            (c + 2 * ldc)[1] += c2_1;
            (c + 2 * ldc)[2] += c2_2;
            (c + 2 * ldc)[3] += c2_3;
            (c + 3 * ldc)[0] += c3_0;
            (c + 3 * ldc)[1] += c3_1;
            (c + 3 * ldc)[2] += c3_2;
            (c + 3 * ldc)[3] += c3_3;
        }
    }
}
