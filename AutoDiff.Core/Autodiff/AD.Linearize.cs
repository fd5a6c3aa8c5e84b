using AutoDiff.Autodiff;

namespace AutoDiff;

public static partial class AD
{
    /// <summary>
    /// Linearises the gradient of <paramref name="loss"/> at the parameters' current values, as <c>jax.linearize</c>
    /// does for <c>grad</c>: the forward and the backward pass run once, recorded, and the returned object applies
    /// v ↦ ∇²loss·v by pushing tangents through the recorded operations only, so each product costs the tangent work
    /// of a forward-over-reverse HVP without its primal part. Use it for many products at one point (Lanczos, CG).
    /// </summary>
    /// <remarks>
    /// The linearisation keeps every forward activation and backward cotangent alive (pooled buffers it owns until it
    /// is disposed): about the memory of one retained training step. It is not differentiated by enclosing transforms
    /// or tapes (they see none of its operations), and it is fixed: later changes to the parameters, the data or a
    /// module's mode are not seen.
    /// </remarks>
    /// <param name="loss">The scalar loss, reading <paramref name="parameters"/> (run once, now).</param>
    /// <param name="parameters">The tensors to differentiate with respect to; they are left as they were.</param>
    public static Linearization Linearize(Func<Tensor> loss, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        return Linearization.Record(loss, [.. parameters]);
    }

    /// <summary>
    /// Linearises ∇f at <paramref name="x"/> (see <see cref="Linearize(Func{Tensor}, IReadOnlyList{Tensor})"/>):
    /// <see cref="Linearization.Apply(Tensor)"/> then gives ∇²f(x)·v for any v of x's shape.
    /// </summary>
    public static Linearization Linearize(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);

        // A private leaf sharing x's values, so x itself is never marked.
        var leaf = x.Detach();
        return Linearization.Record(() => f(leaf), [leaf]);
    }
}
