namespace AutoDiff.Optim;

/// <summary>
/// Updates a fixed list of parameters in place from their gradients, keeping its own per-parameter state.
/// Update rules and defaults follow PyTorch's <c>torch.optim</c>, so results can be compared with it.
/// A parameter whose <see cref="TensorAutodiff.extension(Tensor).Grad"/> is null is skipped (and its step count does not advance), as in PyTorch.
/// </summary>
public abstract partial class Optimizer
{
    private readonly int[] _groupOf;
    private readonly long[] _steps;

    /// <summary>Takes the parameters to update, all in one group; they must be distinct leaves.</summary>
    /// <param name="parameters">The parameters.</param>
    protected Optimizer(IEnumerable<Tensor> parameters)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))])
    {
    }

    /// <summary>Takes the parameters to update in groups with their own hyper-parameters; they must be distinct leaves.</summary>
    /// <param name="groups">The parameter groups.</param>
    protected Optimizer(IEnumerable<ParameterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Groups = groups.ToArray();
        Parameters = Groups.SelectMany(g => g.Parameters).ToArray();
        _groupOf = Groups.SelectMany((g, k) => g.Parameters.Select(_ => k)).ToArray();
        _steps = new long[Parameters.Count];
        if (Parameters.Count == 0)
        {
            throw new ArgumentException($"{GetType().Name}: no parameters to optimize.", nameof(groups));
        }

        var seen = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i] ?? throw new ArgumentException($"{GetType().Name}: parameter {i} is null.", nameof(groups));
            if (!p.IsLeaf)
            {
                throw new ArgumentException($"{GetType().Name}: parameter {i} of shape {p.Shape} is the result of a recorded operation, not a leaf.", nameof(groups));
            }

            // Listed twice, a parameter would be stepped twice per Step (and PyTorch rejects it too).
            if (!seen.TryAdd(p, i))
            {
                throw new ArgumentException($"{GetType().Name}: parameter {seen[p]} and {i} (shape {p.Shape}) are the same tensor, listed twice; each parameter may appear once.", nameof(groups));
            }
        }
    }

    /// <summary>The parameters this optimizer updates, group after group.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParameterGroup> Groups { get; }

    /// <summary>The learning rate used by the next <see cref="Step"/> (times each group's scale); schedules set it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>How many times <see cref="Step"/> has been called.</summary>
    public long StepCount { get; private set; }

    /// <summary>Whether to maximise the objective instead of minimising it (the gradient's sign is flipped first).</summary>
    public bool Maximize { get; set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    /// <exception cref="InvalidOperationException">A gradient's shape or dtype differs from its parameter's.</exception>
    public void Step()
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is { } g && (g.Shape != p.Shape || g.DType != p.DType))
            {
                throw new InvalidOperationException($"{GetType().Name}: gradient {g.Shape} ({g.DType}) does not match parameter {i}, {p.Shape} ({p.DType}).");
            }
        }

        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Grad is not null)
            {
                _steps[i]++;
            }
        }

        StepCore();
    }

    /// <summary>Zeroes every parameter's gradient in place (its buffer is reused by the next backward pass).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>How many updates parameter <paramref name="index"/> has received (its step t in the update rules).</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/>.</param>
    /// <returns>The step count of that parameter.</returns>
    public long ParameterStep(int index) => _steps[index];

    /// <summary>The group of parameter <paramref name="index"/>.</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/>.</param>
    /// <returns>Its group.</returns>
    public ParameterGroup GroupOf(int index) => Groups[_groupOf[index]];

    /// <summary>The learning rate of parameter <paramref name="index"/>: <see cref="LearningRate"/> times its group's scale.</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/>.</param>
    /// <returns>The learning rate.</returns>
    public double LearningRateOf(int index) => LearningRate * Groups[_groupOf[index]].LearningRateScale;

    /// <summary>Updates the parameters that have gradients; their step counts have already advanced.</summary>
    protected abstract void StepCore();

    /// <summary>Validates a hyper-parameter, naming it and the optimizer.</summary>
    /// <param name="condition">Whether the value is valid.</param>
    /// <param name="name">The hyper-parameter's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="rule">What it must be, for the message.</param>
    protected void Require(bool condition, string name, double value, string rule) => Check.Require(condition, GetType().Name, name, value, rule);
}
