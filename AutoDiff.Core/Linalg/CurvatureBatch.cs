namespace AutoDiff.Linalg;

/// <summary>One batch of a fixed data subset: a closure computing the model's outputs for it, and the loss on them.</summary>
/// <param name="Outputs">Runs the model's forward pass on the batch's inputs (the same inputs every time).</param>
/// <param name="Loss">The loss on those outputs, holding the batch's labels or targets.</param>
public sealed record CurvatureBatch(Func<Tensor> Outputs, OutputLoss Loss);
