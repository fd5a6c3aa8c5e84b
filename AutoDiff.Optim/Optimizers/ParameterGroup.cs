namespace AutoDiff.Optim;

/// <summary>
/// A set of parameters with its own hyper-parameters, like a PyTorch parameter group: for example the biases and
/// batch-norm parameters without weight decay, or a head trained faster than the body.
/// </summary>
/// <param name="parameters">The parameters of the group.</param>
/// <param name="learningRateScale">This group's learning rate as a multiple of the optimizer's (which schedules set).</param>
/// <param name="weightDecay">This group's weight decay; <see langword="null"/> keeps the optimizer's.</param>
public sealed class ParameterGroup(IEnumerable<Tensor> parameters, double learningRateScale = 1, double? weightDecay = null)
{
    /// <summary>The parameters of the group.</summary>
    public IReadOnlyList<Tensor> Parameters { get; } = (parameters ?? throw new ArgumentNullException(nameof(parameters))).ToArray();

    /// <summary>This group's learning rate as a multiple of <see cref="Optimizer.LearningRate"/>.</summary>
    public double LearningRateScale { get; set; } = learningRateScale;

    /// <summary>This group's weight decay, or <see langword="null"/> for the optimizer's.</summary>
    public double? WeightDecay { get; set; } = weightDecay;

    /// <summary>
    /// Splits a module's parameters PyTorch-style: weights of rank ≥ 2 keep the optimizer's weight decay; biases and
    /// normalisation parameters (rank ≤ 1) get none.
    /// </summary>
    /// <param name="parameters">The parameters to split.</param>
    /// <returns>The decayed group, then the undecayed one (empty groups are left out).</returns>
    public static IReadOnlyList<ParameterGroup> NoDecayOnBiasesAndNorms(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var all = parameters.ToArray();
        var groups = new List<ParameterGroup>(2);
        var decayed = all.Where(p => p.Rank >= 2).ToArray();
        var plain = all.Where(p => p.Rank < 2).ToArray();
        if (decayed.Length > 0)
        {
            groups.Add(new ParameterGroup(decayed));
        }

        if (plain.Length > 0)
        {
            groups.Add(new ParameterGroup(plain, weightDecay: 0));
        }

        return groups;
    }
}
