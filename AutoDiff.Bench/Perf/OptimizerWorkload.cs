using AutoDiff.Data;
using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// The optimizer package's two figures: one Adam step over the 784-256-256-10 MLP's parameters (float32; it streams p,
/// g, m and v: 28 bytes per parameter read or written) against an all-core copy moving the same bytes; and one
/// <see cref="Trainer"/> epoch against a bare loop of the same steps over the same batches (the loop's overhead: curve
/// points, gradient norm, update ratio, monitor evaluation of two batches).
/// </summary>
public static class OptimizerWorkload
{
    private const double MinBandwidthRatio = 0.70;

    private const double MinLoopRatio = 0.98;

    /// <summary>Measures both.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [AdamStep(settings), LoopOverhead(settings)];
    }

    private static PerfRecord AdamStep(PerfSettings settings)
    {
        var model = Mlp.Create([784, 256, 256, 10], Activation.ReLU, rng: new Rng(1));
        var adam = new Adam(model.Parameters(), lr: 1e-3);
        var seed = 10UL;
        foreach (var p in model.Parameters())
        {
            p.Grad = Tensor.Randn(p.Shape, seed: seed++);
        }

        var parameters = model.ParameterCount;
        var bytes = 28.0 * parameters;   // p, m, v read and written, g read, in float32
        var source = new float[(int)(bytes / 2 / sizeof(float))];
        var destination = new float[source.Length];
        var repSeconds = Math.Max(settings.RepSeconds, 0.05);
        void Copy() => Kernels.Parallelism.ForRanges(source.Length, (start, count) => source.AsSpan(start, count).CopyTo(destination.AsSpan(start, count)));
        var copyIterations = Measure.Calibrate(Copy, repSeconds);
        var stepIterations = Measure.Calibrate(adam.Step, repSeconds);
        var (limit, rate) = Measure.Interleaved(
            "Adam step",
            settings,
            () => bytes / Measure.Seconds(Copy, copyIterations) / 1e9,
            () => bytes / Measure.Seconds(adam.Step, stepIterations) / 1e9);
        return PerfRecord.Rate($"Adam step, MLP 784-256-256-10 f32 ({parameters} parameters, 28 B each; limit Span.CopyTo of the same bytes, all cores)", rate, "GB/s", limit, MinBandwidthRatio);
    }

    private static PerfRecord LoopOverhead(PerfSettings settings)
    {
        const int Batch = 128;
        var steps = settings.Quick ? 50 : 100;
        var rng = new Rng(3);
        var features = new float[steps * Batch * 784];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)rng.NextDouble();
        }

        var labels = Enumerable.Range(0, steps * Batch).Select(_ => rng.NextInt(10)).ToArray();
        var shape = new Shape(784);
        var train = DataLoader.FromArrays(features, shape, labels, Batch, seed: 4);
        var monitor = DataLoader.FromArrays(features[..(2 * Batch * 784)], shape, labels[..(2 * Batch)], Batch, shuffle: false);

        var loopModel = Mlp.Create([784, 256, 256, 10], Activation.ReLU, rng: new Rng(5));
        var loopOptimizer = new Adam(loopModel.Parameters(), lr: 1e-4);
        var trainerModel = Mlp.Create([784, 256, 256, 10], Activation.ReLU, rng: new Rng(5));
        var trainer = new Trainer(trainerModel, new Adam(trainerModel.Parameters(), lr: 1e-4), new TrainerOptions { Epochs = 1 });

        double Bare()
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var (x, y) in train)
            {
                using var tape = Tape.Record();
                var loss = Losses.SoftmaxCrossEntropy(loopModel.Forward(x), y);
                _ = loss.Item();
                loss.Backward();
                loopOptimizer.Step();
                loopOptimizer.ZeroGrad();
            }

            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        double Loop()
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            trainer.Fit(train, monitor);
            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        var (limit, figure) = Measure.Interleaved("Trainer epoch", settings, Bare, Loop);
        return PerfRecord.Time($"Trainer epoch, {steps} Adam steps of MLP 784-256-256-10 B={Batch} + 2 monitor batches (limit the same steps in a bare loop)", figure, "s", limit, MinLoopRatio);
    }
}
