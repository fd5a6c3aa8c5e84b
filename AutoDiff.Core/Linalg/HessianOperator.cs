namespace AutoDiff.Linalg;

/// <summary>
/// The Hessian of a scalar function at a fixed point, v ↦ ∇²f(θ)·v, applied by forward-over-reverse HVPs
/// (<see cref="AD.Hvp(Func{Tensor, Tensor}, Tensor, Tensor)"/>). For a network, let f be the loss over a fixed data
/// subset, so repeated applications see the same function.
/// </summary>
/// <remarks>
/// By default (<see cref="Linearize"/>) the first product linearises the gradient at θ (<see cref="AD.Linearize(Func{Tensor, Tensor}, Tensor)"/>)
/// and every product replays only its tangent part, about 1.3 gradients instead of 2.3; the linearisation keeps the
/// forward activations and backward cotangents of one pass (about one retained training step) until
/// <see cref="Dispose"/>, and is made again when θ's values change. f must then read nothing else that changes
/// between products (that is the fixed point); set <see cref="Linearize"/> to false otherwise, or to keep no memory.
/// </remarks>
public sealed class HessianOperator : ILinearOperator, IDisposable
{
    private readonly HessianProducts _products;
    private readonly Tensor[] _tangent;
    private readonly Tensor[] _product;

    /// <summary>The Hessian of <paramref name="f"/> at <paramref name="theta"/> (any shape; flattened to a vector).</summary>
    public HessianOperator(Func<Tensor, Tensor> f, Tensor theta)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(theta);

        // A private leaf sharing θ's values; the tangent and product buffers are reused by every application.
        var leaf = theta.Detach();
        _products = new HessianProducts(() => f(leaf), [leaf]);
        _tangent = [Tensor.ZerosLike(theta)];
        _product = [Tensor.ZerosLike(theta)];
        Dimension = theta.Size;
    }

    /// <summary>
    /// The Hessian of a loss with respect to a model's parameters, flattened in order; the parameters are left as
    /// they were (see <see cref="AD.Hvp(Func{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>). With
    /// <paramref name="linearize"/>, products replay one linearisation, made again when a parameter's values change
    /// (see the remarks on <see cref="HessianOperator"/>; the result is then also <see cref="IDisposable"/>).
    /// </summary>
    public static ILinearOperator ForParameters(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, bool linearize = true)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        return new ParameterHessian(loss, parameters, linearize);
    }

    /// <summary>
    /// Whether products replay a linearisation at θ (the default; see the remarks) or each run a full
    /// forward-over-reverse HVP (no memory kept between products; for an f that changes between them).
    /// </summary>
    public bool Linearize
    {
        get => _products.Linearize;
        set => _products.Linearize = value;
    }

    /// <summary>Releases the linearisation's recorded values; a later product records a new one.</summary>
    public void Dispose() => _products.Dispose();

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>How many Hessian-vector products have been computed.</summary>
    public int Applications { get; private set; }

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (v.Length != Dimension || result.Length != Dimension)
        {
            throw new ArgumentException($"HessianOperator.Apply: v has {v.Length} and result {result.Length} entries; the dimension is {Dimension}.");
        }

        FlatCopy.ToTensor(v, _tangent[0]);
        _products.Apply(_tangent, _product);
        Applications++;
        FlatCopy.FromTensor(_product[0], result);
    }

    private sealed class ParameterHessian(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, bool linearize) : ILinearOperator, IDisposable
    {
        private readonly HessianProducts _hessian = new(loss, [.. parameters]) { Linearize = linearize };

        // Reused for every product, so a long Lanczos run allocates almost nothing per application.
        private readonly Tensor[] _tangents = parameters.Select(Tensor.ZerosLike).ToArray();
        private readonly Tensor[] _products = parameters.Select(Tensor.ZerosLike).ToArray();

        public int Dimension { get; } = parameters.Sum(p => p.Size);

        public void Apply(ReadOnlySpan<double> v, Span<double> result)
        {
            if (v.Length != Dimension || result.Length != Dimension)
            {
                throw new ArgumentException($"HessianOperator.Apply: v has {v.Length} and result {result.Length} entries; the dimension is {Dimension}.");
            }

            FlatCopy.ToTensors(v, _tangents);
            _hessian.Apply(_tangents, _products);
            FlatCopy.FromTensors(_products, result);
        }

        public void Dispose() => _hessian.Dispose();
    }
}
