namespace AutoDiff.Autodiff;

/// <summary>A tensor's reverse-mode leaf state for user tapes: whether it is tracked, and its accumulated gradient.</summary>
/// <remarks>
/// <c>ZeroGrad</c> only marks the buffer as zero (<see cref="ZeroPending"/>): the next backward pass then writes the
/// gradient over it instead of adding to it, which saves a pass that zeroes the buffer and one that reads it back
/// (the PyTorch loop's <c>zero_grad(set_to_none=True)</c>, without a new buffer per step). Whoever reads the gradient
/// goes through <see cref="Read"/>, which zeroes the buffer first if it is still pending.
/// </remarks>
internal sealed class GradState() : Entry(null)
{
    private Tensor? _grad;

    public bool RequiresGrad { get; set; }

    /// <summary>The gradient buffer as stored: its values count as zero while <see cref="ZeroPending"/>.</summary>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            _grad = value;
            ZeroPending = false;
        }
    }

    /// <summary>Whether <see cref="Grad"/> holds stale values that stand for zero.</summary>
    public bool ZeroPending { get; private set; }

    /// <summary>The gradient with its pending zero applied: what <c>tensor.Grad</c> returns.</summary>
    public Tensor? Read()
    {
        if (ZeroPending)
        {
            _grad!.Fill(0);
            ZeroPending = false;
        }

        return _grad;
    }

    /// <summary>Copies <paramref name="g"/> over a buffer whose values were pending zero.</summary>
    public void Overwrite(Tensor g)
    {
        _grad!.CopyFrom(g);
        ZeroPending = false;
    }

    /// <summary>Marks the (non-null, plain) buffer as zero without touching it.</summary>
    public void MarkZero() => ZeroPending = _grad is not null;
}
