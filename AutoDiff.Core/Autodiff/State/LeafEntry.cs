namespace AutoDiff.Autodiff;

/// <summary>
/// Marks a tensor as an argument of a transform's reverse level, and accumulates its cotangent there. The first
/// cotangent is adopted without a copy; later ones are added into a buffer the entry owns (<see cref="Owns"/>), so a
/// cotangent that another branch of the graph still has to read is never written to.
/// </summary>
internal sealed class LeafEntry(Level level) : Entry(level)
{
    public Tensor? Cotangent { get; set; }

    /// <summary>Whether <see cref="Cotangent"/> is a buffer this entry made and may add into in place.</summary>
    public bool Owns { get; set; }
}
