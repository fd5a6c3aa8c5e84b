namespace AutoDiff.Bench.Perf;

/// <summary>
/// The fixed cost of one primitive: <see cref="Ops.Add(Tensor, Tensor)"/> on 4-element tensors that require
/// gradients while a tape records, in nanoseconds per call; the limit is the same call on untracked tensors with
/// no tape, measured in alternation.
/// </summary>
public static class OpOverheadWorkload
{
    /// <summary>Calls per tape: the tape's own set-up is shared by this many operations.</summary>
    private const int CallsPerTape = 1000;

    private const double MaxNanoseconds = 1000;

    /// <summary>Measures the calls.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rng = new Rng(21);
        var a = Tensor.Randn(new Shape(4), rng);
        var b = Tensor.Randn(new Shape(4), rng);
        var plainA = a.Detach();
        var plainB = b.Detach();
        a.RequiresGrad = true;
        b.RequiresGrad = true;

        void Recorded()
        {
            using var tape = Tape.Record();
            for (var i = 0; i < CallsPerTape; i++)
            {
                _ = Ops.Add(a, b);
            }
        }

        void Plain()
        {
            for (var i = 0; i < CallsPerTape; i++)
            {
                _ = Ops.Add(plainA, plainB);
            }
        }

        var recordedIterations = Measure.Calibrate(Recorded, settings.RepSeconds);
        var plainIterations = Measure.Calibrate(Plain, settings.RepSeconds);
        var (limit, figure) = Measure.Interleaved(
            "Ops.Add 4 elements, recording",
            settings,
            () => Measure.Seconds(Plain, plainIterations) * 1e9 / CallsPerTape,
            () => Measure.Seconds(Recorded, recordedIterations) * 1e9 / CallsPerTape);
        return
        [
            new PerfRecord(
                "Ops.Add on 4 elements, tracked, tape recording (limit untracked, no tape)",
                figure,
                "ns/call",
                limit,
                limit / figure,
                $"value < {MaxNanoseconds}",
                figure < MaxNanoseconds),
        ];
    }
}
