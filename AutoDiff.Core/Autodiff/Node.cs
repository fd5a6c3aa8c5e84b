namespace AutoDiff.Autodiff;

/// <summary>
/// One recorded application of a primitive at a reverse level: what backward needs to apply its VJP rule. It is also
/// the output's entry at that level, and holds the cotangent that backward accumulates for the output.
/// </summary>
internal sealed class Node(Level level, int index, Primitive primitive, Tensor[] inputs, Tensor output) : Entry(level)
{
    public Tape Tape => Level!.Tape!;

    public int Index { get; } = index;

    public Primitive Primitive { get; } = primitive;

    public Tensor[] Inputs { get; } = inputs;

    public Tensor Output { get; } = output;

    /// <summary>The cotangent being accumulated for the output during a backward pass.</summary>
    public Tensor? Pending { get; set; }

    /// <summary>Whether a backward pass without retainGraph has applied this node's rule.</summary>
    public bool Consumed { get; set; }
}
