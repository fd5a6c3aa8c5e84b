using System.Globalization;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Train;

/// <summary>
/// The live status line of <c>autodiff train</c>, refreshed by the trainer's throttled per-step reports: epoch, step,
/// the current batch's loss, learning rate and examples per second, with the last curve point's monitored loss and
/// accuracy (measured on the fixed subset or the validation set, so they change only at curve points).
/// </summary>
public sealed class TrainStatus
{
    private CurvePoint? _point;
    private TrainingProgress? _step;

    /// <summary>The latest step report (null before the first).</summary>
    public TrainingProgress? LastStep => _step;

    /// <summary>Keeps the latest curve point for the lines that follow.</summary>
    public void Remember(CurvePoint point) => _point = point;

    /// <summary>Keeps <paramref name="step"/> and gives its line.</summary>
    public string Line(TrainingProgress step)
    {
        _step = step;
        var epoch = (long)Math.Ceiling(step.Epoch);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {Math.Max(1, epoch)} step {step.Step}/{step.TotalSteps} batch loss {step.Loss:0.0000} lr {step.LearningRate:G3} {(double.IsFinite(step.ExamplesPerSecond) ? step.ExamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-")} ex/s");
        if (_point is not { } p)
        {
            return line;
        }

        var (what, loss, accuracy) = double.IsNaN(p.ValidationAccuracy) ? ("monitor", p.MonitorLoss, p.MonitorAccuracy) : ("validation", p.ValidationLoss, p.ValidationAccuracy);
        return line + string.Create(CultureInfo.InvariantCulture, $" | {what} loss {loss:0.0000} acc {accuracy:P1} (step {p.Step})");
    }
}
