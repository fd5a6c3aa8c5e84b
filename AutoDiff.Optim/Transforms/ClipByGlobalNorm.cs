using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>
/// Rescales the whole gradient when its global L2 norm exceeds a maximum, as PyTorch's <c>clip_grad_norm_</c>:
/// <code>
/// ‖g‖ = √(Σ over every parameter of Σ g²),   c = min(1, max_norm / (‖g‖ + 1e-6)),   u ← c·u
/// </code>
/// It must come first in a chain (it sees the raw gradients). <see cref="LastNorm"/> keeps the norm for monitoring.
/// </summary>
public sealed class ClipByGlobalNorm : GradientTransformation
{
    private double _coefficient = 1;

    /// <summary>Creates the transformation.</summary>
    /// <param name="maxNorm">The largest norm let through, &gt; 0.</param>
    public ClipByGlobalNorm(double maxNorm)
    {
        Require(maxNorm > 0, nameof(maxNorm), maxNorm, "positive");
        MaxNorm = maxNorm;
    }

    /// <summary>The largest norm let through.</summary>
    public double MaxNorm { get; }

    /// <summary>The gradient's global norm at the last step, before clipping.</summary>
    public double LastNorm { get; private set; }

    /// <inheritdoc/>
    public override bool IsGlobal => true;

    /// <inheritdoc/>
    public override void BeginStep(IReadOnlyList<Tensor?> gradients, bool maximize)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        LastNorm = GlobalNorm(gradients);
        _coefficient = Math.Min(1.0, MaxNorm / (LastNorm + 1e-6));
    }

    /// <summary>√(Σ g²) over every non-null tensor, accumulated in float64 in a fixed order.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <returns>The global L2 norm.</returns>
    public static double GlobalNorm(IReadOnlyList<Tensor?> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var sum = 0.0;
        foreach (var g in tensors)
        {
            if (g is null)
            {
                continue;
            }

            sum += g.DType == DType.Float32 ? SquareSums.Of(g.AsSpan<float>()) : SquareSums.Of(g.AsSpan<double>());
        }

        return Math.Sqrt(sum);
    }

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize) => stepSize;

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter) => Run(update, _coefficient);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter) => Run(update, _coefficient);

    private static void Run<T>(Span<T> u, double coefficient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (coefficient >= 1)
        {
            return;
        }

        var c = T.CreateTruncating(coefficient);
        var vc = new Vector<T>(c);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            Store(Load(u, i) * vc, u, i);
        }

        for (; i < u.Length; i++)
        {
            u[i] *= c;
        }
    }
}
