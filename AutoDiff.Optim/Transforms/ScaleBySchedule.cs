namespace AutoDiff.Optim;

/// <summary>
/// Multiplies the step size by a schedule of the parameter's step (optax's <c>scale_by_schedule</c>):
/// <c>α ← α·s(t − 1)</c>, so the first update uses s(0). It costs no pass over the elements.
/// </summary>
/// <param name="schedule">The schedule.</param>
public sealed class ScaleBySchedule(Schedule schedule) : GradientTransformation
{
    /// <summary>The schedule.</summary>
    public Schedule Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize) => stepSize * Schedule.Value(context.Step - 1);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
    {
    }

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
    {
    }
}
