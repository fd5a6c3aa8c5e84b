namespace AutoDiff;

/// <summary>
/// A reverse-mode rule of a <see cref="CustomFunction"/>: the cotangent of input <c>index</c> from the output
/// cotangent, with that input's shape. Write it with <see cref="Ops"/>, so it is itself differentiable; it must be
/// linear in the cotangent. It is called only for inputs that some reverse level tracks.
/// </summary>
/// <param name="inputs">The function's inputs.</param>
/// <param name="output">The function's output.</param>
/// <param name="cotangent">The output cotangent, with the output's shape.</param>
/// <param name="index">Which input's cotangent to return.</param>
/// <returns>The cotangent of <c>inputs[index]</c>.</returns>
public delegate Tensor VjpRule(Tensor[] inputs, Tensor output, Tensor cotangent, int index);
