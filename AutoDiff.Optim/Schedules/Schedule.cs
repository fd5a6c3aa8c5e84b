namespace AutoDiff.Optim;

/// <summary>
/// A learning rate (or any hyper-parameter) as a function of the step t = 0, 1, 2, … (the number of updates already
/// taken), as optax's schedules. Schedules compose: <see cref="WarmUp"/> puts a linear warm-up in front of any other.
/// The training loop sets <see cref="Optimizer.LearningRate"/> to <c>Value(optimizer.StepCount)</c> before each step;
/// <see cref="ScaleBySchedule"/> uses one inside a chain.
/// </summary>
public abstract class Schedule
{
    /// <summary>The value at step <paramref name="step"/>.</summary>
    /// <param name="step">The number of updates already taken, ≥ 0.</param>
    /// <returns>The value.</returns>
    public abstract double Value(long step);

    /// <summary>The state a checkpoint must keep (empty for a pure function of the step).</summary>
    /// <returns>The state as numbers.</returns>
    public virtual double[] GetState() => [];

    /// <summary>Restores what <see cref="GetState"/> returned.</summary>
    /// <param name="state">The state.</param>
    public virtual void SetState(double[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != 0)
        {
            throw new ArgumentException($"{GetType().Name} keeps no state, but {state.Length} values were given.", nameof(state));
        }
    }

    /// <summary>A constant value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The schedule.</returns>
    public static Schedule Constant(double value) => new FunctionSchedule("Constant", _ => value);

    /// <summary>PyTorch's <c>StepLR</c>: α₀·γ^⌊t/s⌋.</summary>
    /// <param name="initial">α₀.</param>
    /// <param name="stepSize">s, the steps between decays (&gt; 0).</param>
    /// <param name="gamma">γ.</param>
    /// <returns>The schedule.</returns>
    public static Schedule Step(double initial, long stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        return new FunctionSchedule("Step", t => initial * Math.Pow(gamma, t / stepSize));
    }

    /// <summary>PyTorch's <c>MultiStepLR</c>: α₀·γ^(number of milestones ≤ t).</summary>
    /// <param name="initial">α₀.</param>
    /// <param name="milestones">The steps at which the value is multiplied by γ.</param>
    /// <param name="gamma">γ.</param>
    /// <returns>The schedule.</returns>
    public static Schedule MultiStep(double initial, IEnumerable<long> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        var sorted = milestones.Order().ToArray();
        return new FunctionSchedule("MultiStep", t => initial * Math.Pow(gamma, sorted.Count(m => m <= t)));
    }

    /// <summary>PyTorch's <c>ExponentialLR</c>: α₀·γ^t.</summary>
    /// <param name="initial">α₀.</param>
    /// <param name="gamma">γ.</param>
    /// <returns>The schedule.</returns>
    public static Schedule Exponential(double initial, double gamma) => new FunctionSchedule("Exponential", t => initial * Math.Pow(gamma, t));

    /// <summary>Inverse-time decay α₀/(1 + kt), the classic Robbins–Monro-style rate.</summary>
    /// <param name="initial">α₀.</param>
    /// <param name="k">The decay rate k ≥ 0.</param>
    /// <returns>The schedule.</returns>
    public static Schedule InverseTime(double initial, double k)
    {
        Check.Require(k >= 0, "Schedule.InverseTime", nameof(k), k, "non-negative");
        return new FunctionSchedule("InverseTime", t => initial / (1 + (k * t)));
    }

    /// <summary>PyTorch's <c>PolynomialLR</c> with an end value: (α₀ − α_end)(1 − min(t, T)/T)^p + α_end.</summary>
    /// <param name="initial">α₀.</param>
    /// <param name="totalSteps">T &gt; 0.</param>
    /// <param name="power">p.</param>
    /// <param name="final">α_end.</param>
    /// <returns>The schedule.</returns>
    public static Schedule Polynomial(double initial, long totalSteps, double power = 1, double final = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        return new FunctionSchedule("Polynomial", t => ((initial - final) * Math.Pow(1 - ((double)Math.Min(t, totalSteps) / totalSteps), power)) + final);
    }

    /// <summary>
    /// Cosine annealing (Loshchilov and Hutter's SGDR, PyTorch's <c>CosineAnnealingWarmRestarts</c>):
    /// η_min + ½(α₀ − η_min)(1 + cos(π·t_cur/T_i)), where the period starts at T₀ and is multiplied by T_mult at each
    /// restart. Without restarts (<paramref name="restart"/> false) it is PyTorch's <c>CosineAnnealingLR</c>'s closed
    /// form, and stays at η_min after T₀.
    /// </summary>
    /// <param name="initial">α₀.</param>
    /// <param name="period">T₀ &gt; 0.</param>
    /// <param name="minimum">η_min.</param>
    /// <param name="restart">Whether to restart at α₀ after each period.</param>
    /// <param name="periodMultiplier">T_mult ≥ 1.</param>
    /// <returns>The schedule.</returns>
    public static Schedule CosineAnnealing(double initial, long period, double minimum = 0, bool restart = false, long periodMultiplier = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(period);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodMultiplier);
        double Cosine(double current, double length) => minimum + (0.5 * (initial - minimum) * (1 + Math.Cos(Math.PI * current / length)));
        if (!restart)
        {
            return new FunctionSchedule("CosineAnnealing", t => Cosine(Math.Min(t, period), period));
        }

        return new FunctionSchedule("CosineAnnealingWarmRestarts", t =>
        {
            long length = period, current = t;
            while (current >= length)
            {
                current -= length;
                length *= periodMultiplier;
            }

            return Cosine(current, length);
        });
    }

    /// <summary>
    /// PyTorch's <c>OneCycleLR</c> (Smith), two phases with cosine annealing: from max/divFactor up to max over the first
    /// pctStart of the steps, then down to max/(divFactor·finalDivFactor).
    /// </summary>
    /// <param name="max">The peak value.</param>
    /// <param name="totalSteps">The number of steps in the cycle (&gt; 1).</param>
    /// <param name="pctStart">The fraction of steps spent increasing.</param>
    /// <param name="divFactor">initial = max / divFactor.</param>
    /// <param name="finalDivFactor">final = initial / finalDivFactor.</param>
    /// <returns>The schedule.</returns>
    public static Schedule OneCycle(double max, long totalSteps, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 2);
        Check.Require(pctStart is > 0 and < 1, "Schedule.OneCycle", nameof(pctStart), pctStart, "in (0, 1)");
        var initial = max / divFactor;
        var final = initial / finalDivFactor;
        var end1 = (pctStart * totalSteps) - 1;
        var end2 = (double)totalSteps - 1;
        static double Anneal(double start, double end, double pct) => end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1));
        return new FunctionSchedule("OneCycle", t => t <= end1
            ? Anneal(initial, max, t / end1)
            : Anneal(max, final, Math.Min(t - end1, end2 - end1) / (end2 - end1)));
    }

    /// <summary>
    /// A linear warm-up in front of <paramref name="after"/>: over the first <paramref name="warmupSteps"/> steps the
    /// value rises linearly from startFactor·after(0) to after(0); then step t gives after(t − warmupSteps).
    /// </summary>
    /// <param name="after">The schedule after the warm-up.</param>
    /// <param name="warmupSteps">The length of the warm-up (&gt; 0).</param>
    /// <param name="startFactor">The fraction of after(0) at step 0.</param>
    /// <returns>The schedule.</returns>
    public static Schedule WarmUp(Schedule after, long warmupSteps, double startFactor = 0)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmupSteps);
        return new FunctionSchedule("WarmUp", t => t < warmupSteps
            ? after.Value(0) * (startFactor + ((1 - startFactor) * t / warmupSteps))
            : after.Value(t - warmupSteps), after);
    }
}
