namespace AutoDiff.Nn;

/// <summary>
/// A parameter is a plain leaf <see cref="Tensor"/> with <see cref="TensorAutodiff.extension(Tensor).RequiresGrad"/> set (as a
/// <c>torch.nn.Parameter</c> is a tensor); this class creates and marks them.
/// </summary>
public static class Parameter
{
    /// <summary>A zero-filled parameter of the given shape and dtype (fill it with an <see cref="Init"/> method).</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="name">An optional name for error messages.</param>
    /// <returns>The new tracked tensor.</returns>
    public static Tensor Create(Shape shape, DType dtype = DType.Float32, string? name = null)
        => Mark(Tensor.Zeros(shape, dtype), name);

    /// <summary>Marks an existing leaf tensor as a parameter (sets <see cref="TensorAutodiff.extension(Tensor).RequiresGrad"/>).</summary>
    /// <param name="tensor">A leaf tensor (not the result of a recorded operation).</param>
    /// <param name="name">An optional name, kept if the tensor already has one.</param>
    /// <returns>The same tensor.</returns>
    public static Tensor Mark(Tensor tensor, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.IsLeaf)
        {
            throw new ArgumentException("Parameter: a parameter must be a leaf tensor; pass x.Detach() or a fresh tensor.", nameof(tensor));
        }

        tensor.RequiresGrad = true;
        tensor.Name ??= name;
        return tensor;
    }
}
