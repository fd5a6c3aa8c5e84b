using System.Numerics;

namespace AutoDiff.Bench.Perf;

/// <summary>The FMA peak on one and on two threads, float32 and float64; two threads against twice one thread.</summary>
public static class FmaWorkload
{
    /// <summary>Measures the peaks.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. Peak<float>("f32", settings), .. Peak<double>("f64", settings)];
    }

    private static PerfRecord[] Peak<T>(string dtype, PerfSettings settings)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (twiceOne, two) = Measure.Interleaved(
            $"FMA peak {dtype} (2 x 1T vs 2T)",
            settings,
            () => 2 * FmaPeak.Rate<T>(1, settings.RepSeconds),
            () => FmaPeak.Rate<T>(2, settings.RepSeconds));
        return
        [
            PerfRecord.Plain($"FMA peak {dtype} 1T (Vector{FmaPeak.VectorBits})", twiceOne / 2, "GFLOP/s"),
            PerfRecord.Rate($"FMA peak {dtype} 2T (limit 2 x 1T)", two, "GFLOP/s", twiceOne, null),
        ];
    }
}
