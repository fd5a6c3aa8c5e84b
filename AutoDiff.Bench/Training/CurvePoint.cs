namespace AutoDiff.Bench.Training;

/// <summary>One row of a training curve, taken every few steps.</summary>
/// <param name="Step">Optimizer steps taken so far.</param>
/// <param name="Epoch">Fractional epochs completed.</param>
/// <param name="MonitorLoss">The loss on a fixed subset of the training set (never the current batch).</param>
/// <param name="ValidationLoss">The loss on the validation set.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation set, in [0, 1].</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="GradNorm">The global gradient norm of the last step (before clipping).</param>
/// <param name="UpdateRatio">‖Δθ‖ / ‖θ‖ of the last step.</param>
/// <param name="ExamplesPerSecond">Training throughput since the previous row.</param>
/// <param name="Seconds">Wall-clock seconds since training started.</param>
public sealed record CurvePoint(
    long Step,
    double Epoch,
    double MonitorLoss,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double GradNorm,
    double UpdateRatio,
    double ExamplesPerSecond,
    double Seconds);
