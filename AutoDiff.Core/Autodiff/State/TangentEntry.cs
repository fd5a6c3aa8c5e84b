namespace AutoDiff.Autodiff;

/// <summary>A tensor's tangent at one forward level (a missing entry means a zero tangent, at no cost).</summary>
internal sealed class TangentEntry(Level level, Tensor tangent) : Entry(level)
{
    public Tensor Tangent { get; } = tangent;
}
