namespace AutoDiff.Nn;

/// <summary>Which form of GELU to compute (PyTorch's <c>approximate</c> argument).</summary>
public enum GeluApproximation
{
    /// <summary>The exact ½x(1 + erf(x/√2)), PyTorch's default (<c>approximate='none'</c>).</summary>
    None,

    /// <summary>The tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (<c>approximate='tanh'</c>).</summary>
    Tanh,
}
