namespace AutoDiff.Linalg;

/// <summary>
/// Hessian-vector products of a loss at the parameters' current values, for the operators that apply many of them at
/// one point: by default from one linearisation (<see cref="AD.Linearize(Func{Tensor}, IReadOnlyList{Tensor})"/>,
/// tangent work only), made again whenever a parameter's values changed; or by a full forward-over-reverse HVP each.
/// </summary>
internal sealed class HessianProducts(Func<Tensor> loss, Tensor[] parameters) : IDisposable
{
    private readonly ValueSnapshot _snapshot = new(parameters);
    private Linearization? _linearization;

    /// <summary>Whether products replay a linearisation (true) or each run a full HVP (false, no memory kept).</summary>
    public bool Linearize { get; set; } = true;

    /// <summary>Writes H·v into <paramref name="products"/>.</summary>
    public void Apply(Tensor[] v, Tensor[] products)
    {
        if (!Linearize)
        {
            Dispose();
            AD.Hvp(loss, parameters, v, products);
            return;
        }

        if (_linearization is null || !_snapshot.Matches())
        {
            Dispose();
            _linearization = AD.Linearize(loss, parameters);
            _snapshot.Take();
        }

        _linearization.Apply(v, products);
    }

    /// <summary>Releases the linearisation's recorded values; the next product records a new one.</summary>
    public void Dispose()
    {
        _linearization?.Dispose();
        _linearization = null;
        _snapshot.Clear();
    }
}
