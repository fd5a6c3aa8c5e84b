using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Momentum (optax's <c>trace</c>, PyTorch SGD's momentum buffer), heavy ball or Nesterov, with dampening τ:
/// <code>
/// b ← u on a parameter's first step, else μb + (1 − τ)u
/// u ← u + μb (Nesterov), else b
/// </code>
/// The lecture's form p ← μp − α∇J, θ ← θ + p is the same method: with τ = 0 and a constant α, p = −αb, so
/// θ + p = θ − αb. On a constant gradient b tends to g/(1 − μ), the terminal velocity −α/(1 − μ)·∇J.
/// </summary>
public sealed class Trace : GradientTransformation
{
    private bool[] _first = [];

    /// <summary>Creates the transformation.</summary>
    /// <param name="momentum">μ ≥ 0.</param>
    /// <param name="dampening">τ.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (needs μ &gt; 0 and τ = 0).</param>
    public Trace(double momentum, double dampening = 0, bool nesterov = false)
    {
        Require(momentum >= 0 && double.IsFinite(momentum), nameof(momentum), momentum, "finite and non-negative");
        Require(double.IsFinite(dampening), nameof(dampening), dampening, "finite");
        Require(!nesterov || (momentum > 0 && dampening == 0), nameof(dampening), dampening, "0 with momentum > 0 for Nesterov momentum");
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSlot> Slots { get; } = [new("momentum_buffer")];

    /// <inheritdoc/>
    protected override void OnInitialized(int count) => _first = new bool[count];

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize)
    {
        _first[index] = context.Step == 1;
        return stepSize;
    }

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter)
        => Run(update, StateSpan<float>(0, index, offset, update.Length), _first[index]);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter)
        => Run(update, StateSpan<double>(0, index, offset, update.Length), _first[index]);

    private void Run<T>(Span<T> u, Span<T> b, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mu = T.CreateTruncating(Momentum);
        var keep = T.CreateTruncating(1 - Dampening);
        if (first)
        {
            u.CopyTo(b);
        }

        var vmu = new Vector<T>(mu);
        var vkeep = new Vector<T>(keep);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        if (Nesterov)
        {
            for (; i < n; i += Vector<T>.Count)
            {
                var g = Load(u, i);
                var bi = first ? g : (Load(b, i) * vmu) + (vkeep * g);
                Store(bi, b, i);
                Store(g + (vmu * bi), u, i);
            }

            for (; i < u.Length; i++)
            {
                var bi = first ? u[i] : (b[i] * mu) + (keep * u[i]);
                b[i] = bi;
                u[i] += mu * bi;
            }
        }
        else if (!first)
        {
            for (; i < n; i += Vector<T>.Count)
            {
                var bi = (Load(b, i) * vmu) + (vkeep * Load(u, i));
                Store(bi, b, i);
                Store(bi, u, i);
            }

            for (; i < u.Length; i++)
            {
                b[i] = (b[i] * mu) + (keep * u[i]);
                u[i] = b[i];
            }
        }
    }
}
