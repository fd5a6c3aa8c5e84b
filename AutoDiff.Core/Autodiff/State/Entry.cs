using System.Text;

namespace AutoDiff.Autodiff;

/// <summary>
/// One piece of a tensor's differentiation state, kept in the tensor's opaque <c>AutodiffState</c> slot as a short
/// linked list: its reverse-mode leaf state (<see cref="GradState"/>, no level), and per level a tangent
/// (<see cref="TangentEntry"/>), a recording (<see cref="Node"/>) or a transform argument (<see cref="LeafEntry"/>).
/// Only this layer reads the slot; the tensor stores values, shape and dtype.
/// </summary>
internal abstract class Entry(Level? level)
{
    /// <summary>The level this entry belongs to; null for the level-free <see cref="GradState"/>.</summary>
    public Level? Level { get; } = level;

    /// <summary>The next entry of the same tensor.</summary>
    public Entry? Next { get; set; }

    /// <summary>Describes the whole list from this entry on, for <c>Tensor.ToString</c> ("requires_grad", "has_tangent").</summary>
    public override string ToString()
    {
        var requiresGrad = false;
        var tangent = false;
        for (var e = this; e is not null; e = e.Next)
        {
            requiresGrad |= e is Node || e is GradState { RequiresGrad: true };
            tangent |= e is TangentEntry && e.Level!.IsOpen;
        }

        var sb = new StringBuilder();
        if (requiresGrad)
        {
            sb.Append("requires_grad");
        }

        if (tangent)
        {
            sb.Append(sb.Length > 0 ? ", " : "").Append("has_tangent");
        }

        return sb.ToString();
    }
}
