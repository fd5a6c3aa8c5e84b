using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// The machine's fused multiply-add peak: twelve independent accumulator chains of <see cref="Vector512{T}"/>
/// (or <see cref="Vector256{T}"/> where 512-bit vectors are not accelerated) that stay in registers, so the loop
/// is bound by FMA throughput alone. One thread, or the same loop on several threads at once.
/// </summary>
public static class FmaPeak
{
    /// <summary>Independent chains: enough to cover FMA latency × FMA ports on current x64 cores.</summary>
    private const int Chains = 12;

    private static readonly Dictionary<(Type, int), long> s_iterations = [];

    /// <summary>The sum of every loop's accumulators, kept so the JIT cannot drop the work.</summary>
    public static double Sink { get; private set; }

    /// <summary>The vector width the loop uses, in bits.</summary>
    public static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary>
    /// One repetition of about <paramref name="seconds"/> on <paramref name="threads"/> threads; returns GFLOP/s
    /// (an FMA counts two FLOPs per lane).
    /// </summary>
    public static double Rate<T>(int threads, double seconds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var iterations = Iterations<T>(seconds);
        var elapsed = Run<T>(threads, iterations);
        return Flops<T>(iterations) * threads / elapsed / 1e9;
    }

    private static double Flops<T>(long iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lanes = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256<T>.Count;
        return 2.0 * lanes * Chains * iterations;
    }

    private static long Iterations<T>(double seconds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        lock (s_iterations)
        {
            if (!s_iterations.TryGetValue((typeof(T), 0), out var perSecond))
            {
                _ = Run<T>(1, 100_000);
                var probe = 1_000_000L;
                var elapsed = Run<T>(1, probe);
                perSecond = (long)(probe / elapsed);
                s_iterations[(typeof(T), 0)] = perSecond;
            }

            return Math.Max(1000L, (long)(perSecond * seconds));
        }
    }

    /// <summary>Runs the loop on <paramref name="threads"/> threads at once (the caller is one); returns wall seconds.</summary>
    private static double Run<T>(int threads, long iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var others = new Thread[threads - 1];
        var results = new double[threads];
        using var start = new ManualResetEventSlim(false);
        for (var i = 0; i < others.Length; i++)
        {
            var index = i + 1;
            others[i] = new Thread(() =>
            {
                start.Wait();
                results[index] = Loop<T>(iterations);
            })
            {
                IsBackground = true,
            };
            others[i].Start();
        }

        var begin = Stopwatch.GetTimestamp();
        start.Set();
        results[0] = Loop<T>(iterations);
        foreach (var t in others)
        {
            t.Join();
        }

        var elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        Sink += results.Sum();
        return elapsed;
    }

    private static double Loop<T>(long iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = Vector512.IsHardwareAccelerated ? Loop512<T>(iterations) : Loop256<T>(iterations);
        return double.CreateTruncating(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Loop256<T>(long iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // a ← a·x + y converges to y / (1 − x): no overflow, no denormals, however long it runs.
        var x = Vector256.Create(T.CreateTruncating(0.999));
        var y = Vector256.Create(T.CreateTruncating(0.001));
        var a0 = Vector256.Create(T.CreateTruncating(0.1));
        var a1 = a0 + y;
        var a2 = a1 + y;
        var a3 = a2 + y;
        var a4 = a3 + y;
        var a5 = a4 + y;
        var a6 = a5 + y;
        var a7 = a6 + y;
        var a8 = a7 + y;
        var a9 = a8 + y;
        var a10 = a9 + y;
        var a11 = a10 + y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, x, y);
            a1 = Fma(a1, x, y);
            a2 = Fma(a2, x, y);
            a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y);
            a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y);
            a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y);
            a9 = Fma(a9, x, y);
            a10 = Fma(a10, x, y);
            a11 = Fma(a11, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Loop512<T>(long iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Vector512.Create(T.CreateTruncating(0.999));
        var y = Vector512.Create(T.CreateTruncating(0.001));
        var a0 = Vector512.Create(T.CreateTruncating(0.1));
        var a1 = a0 + y;
        var a2 = a1 + y;
        var a3 = a2 + y;
        var a4 = a3 + y;
        var a5 = a4 + y;
        var a6 = a5 + y;
        var a7 = a6 + y;
        var a8 = a7 + y;
        var a9 = a8 + y;
        var a10 = a9 + y;
        var a11 = a10 + y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, x, y);
            a1 = Fma(a1, x, y);
            a2 = Fma(a2, x, y);
            a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y);
            a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y);
            a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y);
            a9 = Fma(a9, x, y);
            a10 = Fma(a10, x, y);
            a11 = Fma(a11, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
