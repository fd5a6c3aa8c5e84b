namespace AutoDiff.Optim;

/// <summary>A schedule given by a function of the step (the factories of <see cref="Schedule"/>).</summary>
internal sealed class FunctionSchedule(string name, Func<long, double> value, Schedule? inner = null) : Schedule
{
    /// <inheritdoc/>
    public override double Value(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return value(step);
    }

    /// <inheritdoc/>
    public override double[] GetState() => inner?.GetState() ?? [];

    /// <inheritdoc/>
    public override void SetState(double[] state)
    {
        if (inner is null)
        {
            base.SetState(state);
        }
        else
        {
            inner.SetState(state);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => name;
}
