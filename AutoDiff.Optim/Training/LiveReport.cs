using System.Diagnostics;

namespace AutoDiff.Optim.Training;

/// <summary>
/// Sends <see cref="TrainerOptions.StepProgress"/> reports, throttled by time: per step it reads the clock and adds
/// two numbers, so it costs nothing measurable and allocates nothing (the report is a struct).
/// </summary>
internal sealed class LiveReport
{
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly long _intervalTicks;
    private readonly long _totalSteps;
    private long _lastReport;
    private long _windowStart;
    private long _windowExamples;
    private bool _reported;

    public LiveReport(TrainerOptions options, long totalSteps)
    {
        _progress = options.StepProgress;
        _intervalTicks = (long)(options.StepProgressInterval.TotalSeconds * Stopwatch.Frequency);
        _totalSteps = options.MaxSteps > 0 ? Math.Min(options.MaxSteps, totalSteps) : totalSteps;
        _windowStart = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts a step's examples, and reports it if it is the first, the last, or the interval has passed.</summary>
    public void Step(long step, double epoch, double loss, double learningRate, int examples, bool last)
    {
        if (_progress is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        _windowExamples += examples;
        if (_reported && !last && now - _lastReport < _intervalTicks)
        {
            return;
        }

        var elapsed = (double)(now - _windowStart) / Stopwatch.Frequency;
        _progress.Report(new TrainingProgress(step, _totalSteps, epoch, loss, learningRate, elapsed > 0 ? _windowExamples / elapsed : double.NaN));
        _reported = true;
        _lastReport = _windowStart = now;
        _windowExamples = 0;
    }

    /// <summary>Leaves the time since <paramref name="since"/> (a curve evaluation) out of the examples-per-second window.</summary>
    public void Pause(long since)
    {
        _windowStart += Stopwatch.GetTimestamp() - since;
    }
}
