namespace AutoDiff.Autodiff;

/// <summary>
/// A differentiable operation. Its entry point in <see cref="Ops"/> computes the forward value with kernels
/// and hands the result to <see cref="Ops.Emit"/>, which applies this object's two rules where they are needed:
/// <list type="bullet">
/// <item><see cref="Jvp"/>: the output tangent from the input tangents (forward mode), and</item>
/// <item><see cref="Vjp"/>: an input cotangent from the output cotangent (reverse mode).</item>
/// </list>
/// Both rules are written with primitives, never with raw kernels: so the backward pass itself propagates
/// tangents, and the tangent of a gradient is a Hessian-vector product (forward-over-reverse). Each rule runs with
/// its own level hidden, so the operations it is written with are differentiated by the enclosing levels: rules
/// written in primitives are what make every transform nest. Users define operations of their own with
/// <see cref="CustomFunction"/>, which wraps one of these.
/// </summary>
internal abstract class Primitive
{
    /// <summary>The operation's name, used in error messages and anomaly reports.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The output tangent given the input tangents (null entries are zero), or null when it is zero.
    /// Runs with recording and tangent propagation suspended.
    /// </summary>
    public abstract Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents);

    /// <summary>
    /// The cotangent of input <paramref name="index"/> given the output cotangent; called only for inputs that
    /// reverse mode tracks. Its result has that input's shape.
    /// </summary>
    public abstract Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index);

    /// <summary>
    /// Whether <see cref="AccumulateVjp"/> is implemented: a primitive whose cotangent touches only part of its input
    /// (a slice) adds that part into an existing buffer instead of making a mostly zero full-size tensor.
    /// </summary>
    internal virtual bool AccumulatesVjp => false;

    /// <summary>
    /// Adds the cotangent of input <paramref name="index"/> into <paramref name="accumulator"/>, a buffer of that
    /// input's shape which the backward pass owns, and the cotangent's tangent (when not null) into the
    /// accumulator's tangent (then not null either). Called only for plain values, when <see cref="AccumulatesVjp"/>.
    /// </summary>
    internal virtual void AccumulateVjp(Tensor[] inputs, Tensor cotangent, Tensor? cotangentTangent, int index, Tensor accumulator, Tensor? accumulatorTangent)
        => throw new NotSupportedException($"{Name}: no in-place cotangent accumulation.");

    /// <summary>
    /// Whether <see cref="VjpInto"/> can write (or, with <paramref name="accumulate"/>, add) the cotangent of input
    /// <paramref name="index"/> straight into a gradient buffer: a layer's weight gradient then comes out of its GEMM
    /// into <c>Grad</c>, with no temporary and no separate addition pass.
    /// </summary>
    internal virtual bool WritesVjp(int index, bool accumulate) => false;

    /// <summary>
    /// Writes (or adds) the cotangent of input <paramref name="index"/> into <paramref name="destination"/>, a plain
    /// buffer of that input's shape and dtype. Called only when <see cref="WritesVjp"/> says so and no transform level
    /// is visible, so that <see cref="Vjp"/> would have recorded nothing either.
    /// </summary>
    internal virtual void VjpInto(Tensor[] inputs, Tensor cotangent, int index, Tensor destination, bool accumulate)
        => throw new NotSupportedException($"{Name}: no cotangent written into a buffer.");

    /// <summary>
    /// Writes the output tangent straight into <paramref name="destination"/> (a plain buffer of the output's shape and
    /// dtype) instead of a new tensor, where the primitive can; false, writing nothing, where it cannot. Called only when
    /// no level is visible (a linearisation's replay writing a gradient tangent into the caller's buffer).
    /// </summary>
    internal virtual bool JvpInto(Tensor[] inputs, Tensor output, Tensor?[] tangents, Tensor destination) => false;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
