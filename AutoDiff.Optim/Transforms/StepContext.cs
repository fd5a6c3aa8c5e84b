namespace AutoDiff.Optim;

/// <summary>What a transformation knows about one parameter's step before it runs.</summary>
/// <param name="Step">The parameter's step t, from 1.</param>
/// <param name="LearningRate">The parameter's learning rate α for this step (the optimizer's times its group's scale).</param>
/// <param name="WeightDecay">The weight decay of the parameter's group, or <see langword="null"/> for the transformation's own.</param>
public readonly record struct StepContext(long Step, double LearningRate, double? WeightDecay);
