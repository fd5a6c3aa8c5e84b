namespace AutoDiff.Autodiff;

/// <summary>One recorded application of a primitive: what backward needs to apply its VJP rule.</summary>
internal sealed class Node(Tape tape, int index, Primitive primitive, Tensor[] inputs, Tensor output)
{
    public Tape Tape { get; } = tape;

    public int Index { get; } = index;

    public Primitive Primitive { get; } = primitive;

    public Tensor[] Inputs { get; } = inputs;

    public Tensor Output { get; } = output;

    /// <summary>Whether a backward pass without retainGraph has applied this node's rule.</summary>
    public bool Consumed { get; set; }
}
