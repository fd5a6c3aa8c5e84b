namespace AutoDiff;

/// <summary>
/// A forward-mode rule of a <see cref="CustomFunction"/>: the output tangent from the input tangents (null entries
/// are zero), or null when it is zero. Write it with <see cref="Ops"/>, so it is itself differentiable (nested
/// transforms, Hessian-vector products); it must be linear in the tangents.
/// </summary>
/// <param name="inputs">The function's inputs.</param>
/// <param name="output">The function's output.</param>
/// <param name="tangents">One tangent per input, null where it is zero.</param>
/// <returns>The output tangent, with the output's shape and dtype, or null for zero.</returns>
public delegate Tensor? JvpRule(Tensor[] inputs, Tensor output, Tensor?[] tangents);
