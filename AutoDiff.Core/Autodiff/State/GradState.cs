namespace AutoDiff.Autodiff;

/// <summary>A tensor's reverse-mode leaf state for user tapes: whether it is tracked, and its accumulated gradient.</summary>
internal sealed class GradState() : Entry(null)
{
    public bool RequiresGrad { get; set; }

    public Tensor? Grad { get; set; }
}
