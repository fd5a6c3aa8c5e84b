using System.Diagnostics;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Training;

/// <summary>
/// The mini-batch training loop behind <c>demo</c> and <c>train</c>: schedule, clipping, averaging, and a curve of the
/// monitored, validation and optimisation figures every few steps. It lives in the Bench until AutoDiff.Optim has
/// its own training loop.
/// </summary>
public static class Trainer
{
    /// <summary>Runs <paramref name="setup"/>, reporting each step to <paramref name="progress"/>, until done, diverged or cancelled.</summary>
    public static TrainingResult Run(TrainingSetup setup, Action<TrainingProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var result = new TrainingResult { EpochsCompleted = setup.StartEpoch };
        var parameters = setup.Parameters;
        var optimizer = OptimizerCatalog.Create(setup.Optimizer, parameters, setup.LearningRate);
        var batchesPerEpoch = setup.Train.BatchCount;
        var totalSteps = (long)batchesPerEpoch * setup.Epochs;
        var schedule = Schedules.Create(setup.Schedule, setup.LearningRate, totalSteps);
        var n = ParameterMath.Count(parameters);
        var before = new double[n];
        var after = new double[n];
        var average = setup.Averaging == "none" ? null : new double[n];
        long step = (long)batchesPerEpoch * setup.StartEpoch;
        long averaged = 0;
        var clock = Stopwatch.StartNew();
        var intervalClock = Stopwatch.StartNew();
        long intervalExamples = 0;
        double lastAccuracy = double.NaN, lastLoss = double.NaN, gradNorm = double.NaN, updateRatio = double.NaN, throughput = 0;
        if (average is not null)
        {
            ParameterMath.CopyTo(parameters, average);
        }

        if (setup.StartEpoch == 0)
        {
            var (m, vl, va) = Evaluate(setup, average);
            result.Curve.Add(new CurvePoint(0, 0, m, vl, va, schedule(0), double.NaN, double.NaN, double.NaN, 0));
            lastAccuracy = va;
        }

        for (var epoch = setup.StartEpoch; epoch < setup.Epochs && !result.Diverged && !result.Interrupted; epoch++)
        {
            var batchInEpoch = 0;
            foreach (var (x, labels) in setup.Train)
            {
                if (cancellation.IsCancellationRequested)
                {
                    result.Interrupted = true;
                    break;
                }

                var lr = schedule(step);
                optimizer.LearningRate = lr;
                using (var tape = Tape.Record())
                {
                    var loss = Losses.SoftmaxCrossEntropy(setup.Logits(x), labels);
                    lastLoss = loss.Item();
                    loss.Backward();
                }

                if (!double.IsFinite(lastLoss))
                {
                    result.Diverged = true;
                    break;
                }

                batchInEpoch++;
                var evaluate = (step + 1) % setup.EvaluateEvery == 0 || batchInEpoch == batchesPerEpoch;
                if (evaluate || setup.ClipNorm > 0)
                {
                    gradNorm = ParameterMath.GradNorm(parameters);
                    if (setup.ClipNorm > 0 && gradNorm > setup.ClipNorm)
                    {
                        ParameterMath.ScaleGrads(parameters, setup.ClipNorm / gradNorm);
                    }
                }

                if (evaluate)
                {
                    ParameterMath.CopyTo(parameters, before);
                }

                optimizer.Step();
                optimizer.ZeroGrad();
                step++;
                intervalExamples += labels.Length;
                if (average is not null)
                {
                    ParameterMath.CopyTo(parameters, after);
                    averaged++;
                    var weight = setup.Averaging == "ema" ? 0.01 : 1.0 / (averaged + 1);
                    for (var i = 0; i < n; i++)
                    {
                        average[i] += weight * (after[i] - average[i]);
                    }
                }

                if (evaluate)
                {
                    ParameterMath.CopyTo(parameters, after);
                    var (difference, norm) = ParameterMath.DifferenceNorm(after, before);
                    updateRatio = difference / Math.Max(norm, 1e-300);
                    throughput = intervalExamples / Math.Max(intervalClock.Elapsed.TotalSeconds, 1e-9);
                    var (m, vl, va) = Evaluate(setup, average);
                    lastAccuracy = va;
                    var epochs = epoch + ((double)batchInEpoch / batchesPerEpoch);
                    result.Curve.Add(new CurvePoint(step, epochs, m, vl, va, lr, gradNorm, updateRatio, throughput, clock.Elapsed.TotalSeconds));
                    intervalClock.Restart();
                    intervalExamples = 0;
                }

                progress?.Invoke(new TrainingProgress(epoch + 1, setup.Epochs, step, totalSteps, lastLoss, lastAccuracy, lr, throughput));
            }

            if (!result.Interrupted && !result.Diverged)
            {
                result.EpochsCompleted = epoch + 1;
            }
        }

        if (average is not null)
        {
            ParameterMath.CopyFrom(parameters, average);
        }

        result.Steps = step - ((long)batchesPerEpoch * setup.StartEpoch);
        result.Seconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>Monitor loss, validation loss and validation accuracy, with the averaged weights when there are some.</summary>
    private static (double Monitor, double ValidationLoss, double ValidationAccuracy) Evaluate(TrainingSetup setup, double[]? average)
    {
        double[]? saved = null;
        if (average is not null)
        {
            saved = new double[average.Length];
            ParameterMath.CopyTo(setup.Parameters, saved);
            ParameterMath.CopyFrom(setup.Parameters, average);
        }

        setup.Module?.Eval();
        try
        {
            using var scope = BufferScope.Begin();
            var monitor = Losses.SoftmaxCrossEntropy(setup.Logits(setup.Monitor.X), setup.Monitor.Labels).Item();
            var logits = setup.Logits(setup.Validation.X);
            var validation = Losses.SoftmaxCrossEntropy(logits, setup.Validation.Labels).Item();
            var accuracy = Losses.Accuracy(logits, setup.Validation.Labels);
            return (monitor, validation, accuracy);
        }
        finally
        {
            setup.Module?.Train();
            if (saved is not null)
            {
                ParameterMath.CopyFrom(setup.Parameters, saved);
            }
        }
    }
}
