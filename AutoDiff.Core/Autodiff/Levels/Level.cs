namespace AutoDiff.Autodiff;

/// <summary>
/// One active differentiation transform on this thread (a JAX trace level, a DiffSharp nesting tag): a forward level
/// carries tangents, a reverse level records nodes on its <see cref="Tape"/>. A level opened inside another has a
/// larger <see cref="Id"/>. Tangents and nodes are kept per level on each tensor, so two levels never mix their
/// perturbations, and a level's derivative rules run with that level and every level inside it hidden: their
/// operations are seen only by the enclosing levels, which is how a derivative is itself differentiated.
/// </summary>
internal sealed class Level
{
    internal Level(long id, Level? outer, Tape? tape, bool tracksRequiresGrad)
    {
        Id = id;
        Outer = outer;
        Tape = tape;
        TracksRequiresGrad = tracksRequiresGrad;
        IsOpen = true;
    }

    /// <summary>The nesting order: inner levels have larger ids (64-bit: a thread never runs out of them).</summary>
    public long Id { get; }

    /// <summary>The level that was innermost when this one opened.</summary>
    public Level? Outer { get; }

    /// <summary>The tape of a reverse level; null for a forward level.</summary>
    public Tape? Tape { get; }

    /// <summary>Whether this is a reverse level.</summary>
    public bool IsReverse => Tape is not null;

    /// <summary>
    /// A user's <c>Tape.Record()</c> level: every tensor with <c>RequiresGrad</c> is tracked by it, and its leaves
    /// accumulate into <c>Grad</c>. A transform's level tracks only the arguments it was given.
    /// </summary>
    public bool TracksRequiresGrad { get; }

    /// <summary>Whether the level is still active (entries of closed levels are ignored).</summary>
    public bool IsOpen { get; set; }

    /// <summary>A user tape hidden by a user tape opened inside it (the innermost user tape records).</summary>
    public bool Shadowed { get; set; }

    /// <summary>The user tape this one hides while it is open.</summary>
    public Level? Shadows { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{(IsReverse ? "reverse" : "forward")} level {Id}";
}
