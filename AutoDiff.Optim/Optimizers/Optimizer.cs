namespace AutoDiff.Optim;

/// <summary>
/// Updates a fixed list of parameters in place from their gradients, keeping its own per-parameter state.
/// Update rules and defaults follow PyTorch's <c>torch.optim</c>, so results can be compared with it.
/// A parameter whose <see cref="TensorAutodiff.extension(Tensor).Grad"/> is null is skipped, as in PyTorch.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Takes the parameters to update; they must be leaves.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
        {
            throw new ArgumentException($"{GetType().Name}: no parameters to optimize.", nameof(parameters));
        }

        foreach (var p in Parameters)
        {
            if (!p.IsLeaf)
            {
                throw new ArgumentException($"{GetType().Name}: parameter of shape {p.Shape} is the result of a recorded operation, not a leaf.", nameof(parameters));
            }
        }
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate used by the next <see cref="Step"/>; schedules set it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>How many steps have been taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is { } g)
            {
                if (g.Shape != p.Shape || g.DType != p.DType)
                {
                    throw new InvalidOperationException($"{GetType().Name}: gradient {g.Shape} ({g.DType}) does not match parameter {p.Shape} ({p.DType}).");
                }

                if (p.DType == DType.Float32)
                {
                    Update(i, p.AsSpan<float>(), g.AsSpan<float>());
                }
                else
                {
                    Update(i, p.AsSpan<double>(), g.AsSpan<double>());
                }
            }
        }
    }

    /// <summary>Zeroes every parameter's gradient in place (its buffer is reused by the next backward pass).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>The update of parameter <paramref name="index"/> in float32.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>The update of parameter <paramref name="index"/> in float64.</summary>
    protected abstract void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient);

    /// <summary>Validates a hyper-parameter, naming it and the optimizer.</summary>
    protected void Require(bool condition, string name, double value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{GetType().Name}: {name} = {value} is invalid; it must be {rule}.");
        }
    }
}
