namespace AutoDiff.Optim;

/// <summary>One piece of a transformation's per-parameter state, saved under <see cref="Name"/>.</summary>
/// <param name="Name">PyTorch's name for it (<c>exp_avg</c>, <c>momentum_buffer</c>, …).</param>
/// <param name="InitialValue">The value every element starts from.</param>
/// <param name="Scalar">Whether it is one float64 number per parameter instead of a tensor of the parameter's shape and dtype.</param>
public readonly record struct StateSlot(string Name, double InitialValue = 0, bool Scalar = false);
