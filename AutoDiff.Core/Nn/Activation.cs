namespace AutoDiff.Nn;

/// <summary>The element-wise activations available as modules.</summary>
public enum Activation
{
    /// <summary><see cref="Nn.ReLU"/>.</summary>
    ReLU,

    /// <summary><see cref="Nn.LeakyReLU"/> with slope 0.01.</summary>
    LeakyReLU,

    /// <summary><see cref="Nn.Tanh"/>.</summary>
    Tanh,

    /// <summary><see cref="Nn.Sigmoid"/>.</summary>
    Sigmoid,

    /// <summary><see cref="Nn.Softplus"/>.</summary>
    Softplus,

    /// <summary><see cref="Nn.GELU"/>.</summary>
    GELU,
}
