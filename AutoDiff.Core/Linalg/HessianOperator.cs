namespace AutoDiff.Linalg;

/// <summary>
/// The Hessian of a scalar function at a fixed point, v ↦ ∇²f(θ)·v, applied by forward-over-reverse HVPs
/// (<see cref="AD.Hvp(Func{Tensor, Tensor}, Tensor, Tensor)"/>). For a network, let f be the loss over a fixed data
/// subset, so repeated applications see the same function.
/// </summary>
public sealed class HessianOperator : ILinearOperator
{
    private readonly Func<Tensor> _loss;
    private readonly Tensor[] _leaf;
    private readonly Tensor[] _tangent;
    private readonly Tensor[] _product;

    /// <summary>The Hessian of <paramref name="f"/> at <paramref name="theta"/> (any shape; flattened to a vector).</summary>
    public HessianOperator(Func<Tensor, Tensor> f, Tensor theta)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(theta);

        // A private leaf sharing θ's values; the tangent and product buffers are reused by every application.
        var leaf = theta.Detach();
        _leaf = [leaf];
        _loss = () => f(leaf);
        _tangent = [Tensor.ZerosLike(theta)];
        _product = [Tensor.ZerosLike(theta)];
        Dimension = theta.Size;
    }

    /// <summary>
    /// The Hessian of a loss with respect to a model's parameters, flattened in order; the parameters are left as
    /// they were (see <see cref="AD.Hvp(Func{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>).
    /// </summary>
    public static ILinearOperator ForParameters(Func<Tensor> loss, IReadOnlyList<Tensor> parameters)
        => new ParameterHessian(loss, parameters);

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

        ParameterHessian.Copy(v, _tangent[0]);
        AD.Hvp(_loss, _leaf, _tangent, _product);
        Applications++;
        ParameterHessian.Copy(_product[0], result);
    }

    private sealed class ParameterHessian(Func<Tensor> loss, IReadOnlyList<Tensor> parameters) : ILinearOperator
    {
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

            var at = 0;
            foreach (var tangent in _tangents)
            {
                Copy(v.Slice(at, tangent.Size), tangent);
                at += tangent.Size;
            }

            AD.Hvp(loss, parameters, _tangents, _products);
            at = 0;
            foreach (var part in _products)
            {
                Copy(part, result.Slice(at, part.Size));
                at += part.Size;
            }
        }

        internal static void Copy(ReadOnlySpan<double> source, Tensor destination)
        {
            if (destination.DType == DType.Float64)
            {
                source.CopyTo(destination.AsSpan<double>());
                return;
            }

            var d = destination.AsSpan<float>();
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = (float)source[i];
            }
        }

        internal static void Copy(Tensor source, Span<double> destination)
        {
            if (source.DType == DType.Float64)
            {
                source.AsSpan<double>().CopyTo(destination);
                return;
            }

            var s = source.AsSpan<float>();
            for (var i = 0; i < s.Length; i++)
            {
                destination[i] = s[i];
            }
        }
    }
}
