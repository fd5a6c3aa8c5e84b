namespace AutoDiff.Optim;

/// <summary>
/// A flat float64 view of a list of parameter tensors (in order), for closure optimizers: reads and writes the values
/// and evaluates a loss with its gradient. Public so that second-order methods share it.
/// </summary>
public sealed class FlatParameters
{
    /// <summary>Wraps the parameters; they must require gradients, be leaves and be distinct.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="owner">The optimizer's name for error messages.</param>
    public FlatParameters(IEnumerable<Tensor> parameters, string owner)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
        {
            throw new ArgumentException($"{owner}: no parameters to optimize.", nameof(parameters));
        }

        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (!p.IsLeaf || !p.RequiresGrad)
            {
                throw new ArgumentException($"{owner}: parameter {i} of shape {p.Shape} must be a leaf with RequiresGrad = true.", nameof(parameters));
            }

            if (!seen.Add(p))
            {
                throw new ArgumentException($"{owner}: parameter {i} (shape {p.Shape}) is listed twice; each parameter may appear once.", nameof(parameters));
            }
        }

        Length = Parameters.Sum(p => p.Size);
    }

    /// <summary>The parameters, in the order of the flat view.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The total number of elements.</summary>
    public int Length { get; }

    /// <summary>Copies the parameters' values into <paramref name="x"/>.</summary>
    /// <param name="x">Length <see cref="Length"/>.</param>
    public void Read(Span<double> x)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            for (var j = 0; j < p.Size; j++)
            {
                x[offset + j] = p.GetFlat(j);
            }

            offset += p.Size;
        }
    }

    /// <summary>Sets the parameters to <paramref name="x"/> (rounded to each parameter's dtype).</summary>
    /// <param name="x">Length <see cref="Length"/>.</param>
    public void Write(ReadOnlySpan<double> x)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            for (var j = 0; j < p.Size; j++)
            {
                p.SetFlat(j, x[offset + j]);
            }

            offset += p.Size;
        }
    }

    /// <summary>θ ← θ + t·d, in each parameter's dtype (PyTorch's <c>p.add_(d, alpha=t)</c>).</summary>
    /// <param name="t">The step length.</param>
    /// <param name="d">The direction.</param>
    public void Add(double t, ReadOnlySpan<double> d)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            for (var j = 0; j < p.Size; j++)
            {
                p.SetFlat(j, p.GetFlat(j) + (t * d[offset + j]));
            }

            offset += p.Size;
        }
    }

    /// <summary>Evaluates <paramref name="loss"/> at the current parameters and writes its gradient into <paramref name="gradient"/>.</summary>
    /// <param name="loss">The loss as a function of the parameters (a forward pass).</param>
    /// <param name="gradient">Length <see cref="Length"/>; parameters the loss does not use get 0.</param>
    /// <returns>The loss.</returns>
    public double Evaluate(Func<Tensor> loss, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(loss);
        foreach (var p in Parameters)
        {
            p.Grad = null;
        }

        double value;
        using (var tape = Tape.Record())
        {
            var l = loss();
            if (l.Size != 1)
            {
                throw new ArgumentException($"closure: the loss must be a single number, got shape {l.Shape}.", nameof(loss));
            }

            value = l.Item();
            l.Backward();
        }

        var offset = 0;
        foreach (var p in Parameters)
        {
            var g = p.Grad;
            for (var j = 0; j < p.Size; j++)
            {
                gradient[offset + j] = g is null ? 0 : g.GetFlat(j);
            }

            offset += p.Size;
        }

        return value;
    }
}
