namespace AutoDiff.Bench.Perf;

/// <summary>
/// Large element-wise operations and a reduction through AutoDiff's tensor ops (no tape), in GB/s of bytes an
/// ideal kernel must move (inputs read plus output written), against <see cref="Span{T}.CopyTo(Span{T})"/> of a
/// buffer of the same size (bytes read plus written), measured in alternation on one thread.
/// </summary>
public static class BandwidthWorkload
{
    /// <summary>Elements per operand: 16M floats, 64 MB, far beyond any cache.</summary>
    private const int Elements = 16 * 1024 * 1024;

    private const double MinRatio = 0.80;

    /// <summary>Measures the operations.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var shape = new Shape(Elements);
        var a = Tensor.Rand(shape, new Rng(11), -1, 1);
        var b = Tensor.Rand(shape, new Rng(12), -1, 1);
        var source = new float[Elements];
        var destination = new float[Elements];
        a.AsSpan<float>().CopyTo(source);
        var bytes = (double)Elements * sizeof(float);
        var repSeconds = Math.Max(settings.RepSeconds, 0.05);

        // The limit uses every core, as large element-wise ops do (Parallelism.ElementwiseParallelThreshold).
        void Copy() => Kernels.Parallelism.ForRanges(Elements, (start, count) => source.AsSpan(start, count).CopyTo(destination.AsSpan(start, count)));
        var copyIterations = Measure.Calibrate(Copy, repSeconds);
        double CopyRate() => 2 * bytes / Measure.Seconds(Copy, copyIterations) / 1e9;

        PerfRecord Op(string name, double streams, Action op)
        {
            var iterations = Measure.Calibrate(op, repSeconds);
            var (limit, rate) = Measure.Interleaved(name, settings, CopyRate, () => streams * bytes / Measure.Seconds(op, iterations) / 1e9);
            return PerfRecord.Rate($"{name}, 16M f32 (limit Span.CopyTo, all cores)", rate, "GB/s", limit, MinRatio);
        }

        return
        [
            Op("Ops.Add", 3, () =>
            {
                using var scope = BufferScope.Begin();
                Ops.Add(a, b);
            }),
            Op("Ops.Exp", 2, () =>
            {
                using var scope = BufferScope.Begin();
                Ops.Exp(a);
            }),
            Op("Ops.Relu", 2, () =>
            {
                using var scope = BufferScope.Begin();
                Ops.Relu(a);
            }),
            Op("Ops.Sum", 1, () =>
            {
                using var scope = BufferScope.Begin();
                Ops.Sum(a);
            }),
        ];
    }
}
