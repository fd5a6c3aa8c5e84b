namespace AutoDiff.Nn;

/// <summary>
/// Inverted dropout: in training each element is zeroed with probability p and the survivors are scaled by
/// 1/(1 − p), so the expected output is the input; in evaluation it is the identity. The mask comes from the
/// layer's own seeded generator, so a run is reproducible; the library's trainer saves that generator's state
/// with its checkpoints, so a resumed run draws the same masks.
/// </summary>
public sealed class Dropout : Module, IStochasticModule
{
    private readonly Rng _rng;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">The probability of zeroing an element, in [0, 1].</param>
    /// <param name="rng">The generator for the masks (<see cref="Init.NextDefaultRng"/> when null).</param>
    public Dropout(double p = 0.5, Rng? rng = null)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability {p} is outside [0, 1].");
        }

        P = p;
        _rng = rng ?? Init.NextDefaultRng();
    }

    /// <summary>Creates the layer with a generator seeded by <paramref name="seed"/>.</summary>
    /// <param name="p">The probability of zeroing an element, in [0, 1].</param>
    /// <param name="seed">The seed of the mask generator.</param>
    public Dropout(double p, ulong seed)
        : this(p, new Rng(seed))
    {
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    Rng IStochasticModule.Generator => _rng;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!IsTraining || P == 0)
        {
            return x;
        }

        var mask = Tensor.EmptyZeroed(x.Shape, x.DType);
        if (P < 1)
        {
            var scale = 1 / (1 - P);
            for (var i = 0; i < mask.Size; i++)
            {
                if (_rng.NextDouble() >= P)
                {
                    mask.SetFlat(i, scale);
                }
            }
        }

        return Ops.Mul(x, mask);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Dropout(p={P})";
}
