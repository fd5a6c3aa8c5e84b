namespace AutoDiff.Optim;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c> (mode "min", relative threshold): fed the monitored loss with
/// <see cref="Report"/>, it multiplies the value by <see cref="Factor"/> when the loss has not improved on the best by
/// more than a relative threshold for more than <see cref="Patience"/> reports, then waits out a cool-down.
/// </summary>
public sealed class ReduceOnPlateau : Schedule
{
    private double _value;
    private double _best = double.PositiveInfinity;
    private long _badReports;
    private long _cooldownLeft;

    /// <summary>Creates the schedule with PyTorch's defaults.</summary>
    /// <param name="initial">The starting value.</param>
    /// <param name="factor">The multiplier on a plateau, in (0, 1).</param>
    /// <param name="patience">How many reports without improvement are tolerated.</param>
    /// <param name="threshold">The relative improvement that counts: loss &lt; best·(1 − threshold).</param>
    /// <param name="cooldown">Reports to wait after a reduction before counting again.</param>
    /// <param name="minimum">The smallest value.</param>
    public ReduceOnPlateau(double initial, double factor = 0.1, long patience = 10, double threshold = 1e-4, long cooldown = 0, double minimum = 0)
    {
        Check.Require(factor is > 0 and < 1, nameof(ReduceOnPlateau), nameof(factor), factor, "in (0, 1)");
        Check.Require(patience >= 0, nameof(ReduceOnPlateau), nameof(patience), patience, "non-negative");
        _value = initial;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        Minimum = minimum;
    }

    /// <summary>The multiplier applied on a plateau.</summary>
    public double Factor { get; }

    /// <summary>How many reports without improvement are tolerated.</summary>
    public long Patience { get; }

    /// <summary>The relative improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Reports to wait after a reduction.</summary>
    public long Cooldown { get; }

    /// <summary>The smallest value.</summary>
    public double Minimum { get; }

    /// <inheritdoc/>
    public override double Value(long step) => _value;

    /// <summary>Feeds the monitored loss; returns whether the value was reduced.</summary>
    /// <param name="loss">The monitored loss.</param>
    /// <returns>True when the value was just reduced.</returns>
    public bool Report(double loss)
    {
        if (loss < _best * (1 - Threshold))
        {
            _best = loss;
            _badReports = 0;
        }
        else
        {
            _badReports++;
        }

        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badReports = 0;
        }

        if (_badReports > Patience)
        {
            _value = Math.Max(_value * Factor, Minimum);
            _cooldownLeft = Cooldown;
            _badReports = 0;
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override double[] GetState() => [_value, _best, _badReports, _cooldownLeft];

    /// <inheritdoc/>
    public override void SetState(double[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 4)
        {
            throw new ArgumentException($"ReduceOnPlateau keeps 4 values, but {state.Length} were given.", nameof(state));
        }

        (_value, _best, _badReports, _cooldownLeft) = (state[0], state[1], (long)state[2], (long)state[3]);
    }
}
