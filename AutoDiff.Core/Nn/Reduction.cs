namespace AutoDiff.Nn;

/// <summary>How a loss combines its per-element terms.</summary>
public enum Reduction
{
    /// <summary>The mean over the terms (PyTorch's default).</summary>
    Mean,

    /// <summary>The sum of the terms.</summary>
    Sum,
}
