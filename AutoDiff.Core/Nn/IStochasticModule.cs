namespace AutoDiff.Nn;

/// <summary>
/// A module whose training-mode forward pass draws from its own generator (dropout): the trainer saves and restores
/// that generator's state with a checkpoint, so a resumed run draws the masks an uninterrupted one would.
/// </summary>
internal interface IStochasticModule
{
    /// <summary>The generator the forward pass draws from.</summary>
    Rng Generator { get; }
}
