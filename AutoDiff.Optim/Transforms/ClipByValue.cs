using System.Numerics;

namespace AutoDiff.Optim;

/// <summary>Clips every element of the update to [−c, c] (PyTorch's <c>clip_grad_value_</c>, optax's <c>clip</c>): <c>u ← min(max(u, −c), c)</c>.</summary>
public sealed class ClipByValue : GradientTransformation
{
    /// <summary>Creates the transformation.</summary>
    /// <param name="clipValue">c &gt; 0.</param>
    public ClipByValue(double clipValue)
    {
        Require(clipValue > 0, nameof(clipValue), clipValue, "positive");
        ClipValue = clipValue;
    }

    /// <summary>c.</summary>
    public double ClipValue { get; }

    /// <inheritdoc/>
    public override double Prepare(int index, in StepContext context, double stepSize) => stepSize;

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<float> update, Span<float> parameter) => Run(update);

    /// <inheritdoc/>
    public override void Apply(int index, int offset, Span<double> update, Span<double> parameter) => Run(update);

    private void Run<T>(Span<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = T.CreateTruncating(ClipValue);
        Vector<T> hi = new(c), lo = new(-c);
        var n = VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            Store(Vector.Min(Vector.Max(Load(u, i), lo), hi), u, i);
        }

        for (; i < u.Length; i++)
        {
            u[i] = T.Min(T.Max(u[i], -c), c);
        }
    }
}
