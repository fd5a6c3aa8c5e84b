using System.Globalization;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Training;

/// <summary>The live status line of a training run: epoch, step, loss, accuracy, learning rate and examples per second.</summary>
public sealed class CurveStatus(int batchSize, long totalSteps)
{
    private CurvePoint? _previous;

    /// <summary>Examples per second between the last two points (NaN before the second).</summary>
    public double ExamplesPerSecond { get; private set; } = double.NaN;

    /// <summary>The line for <paramref name="point"/>.</summary>
    public string Line(CurvePoint point)
    {
        if (_previous is { } previous && point.Seconds > previous.Seconds)
        {
            ExamplesPerSecond = (point.Step - previous.Step) * (double)batchSize / (point.Seconds - previous.Seconds);
        }

        _previous = point;
        var accuracy = double.IsNaN(point.ValidationAccuracy) ? point.MonitorAccuracy : point.ValidationAccuracy;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {Math.Floor(point.Epoch) + (point.Epoch % 1 == 0 && point.Epoch > 0 ? 0 : 1)} step {point.Step}/{totalSteps} loss {point.MonitorLoss:0.0000} acc {accuracy:P1} lr {point.LearningRate:G3} {(double.IsNaN(ExamplesPerSecond) ? "-" : ExamplesPerSecond.ToString("0", CultureInfo.InvariantCulture))} ex/s");
    }
}
