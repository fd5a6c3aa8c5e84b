using System.Runtime.CompilerServices;

namespace AutoDiff.Autodiff;

/// <summary>Reads and writes the differentiation state a tensor keeps in its opaque slot (a list of <see cref="Entry"/>).</summary>
internal static class States
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Entry? First(Tensor t) => Unsafe.As<Entry?>(t.AutodiffState);

    /// <summary>Prepends <paramref name="entry"/>, dropping entries of levels that have closed.</summary>
    public static void Add(Tensor t, Entry entry)
    {
        Entry? kept = null;
        Entry? last = null;
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e.Level is { IsOpen: false })
            {
                continue;
            }

            if (last is null)
            {
                kept = e;
            }
            else
            {
                last.Next = e;
            }

            last = e;
        }

        if (last is not null)
        {
            last.Next = null;
        }

        entry.Next = kept;
        t.AutodiffState = entry;
    }

    /// <summary>Removes <paramref name="entry"/> from the tensor's list, if present.</summary>
    public static void Remove(Tensor t, Entry entry)
    {
        Entry? previous = null;
        for (var e = First(t); e is not null; previous = e, e = e.Next)
        {
            if (e == entry)
            {
                if (previous is null)
                {
                    t.AutodiffState = e.Next;
                }
                else
                {
                    previous.Next = e.Next;
                }

                e.Next = null;
                return;
            }
        }
    }

    public static GradState? Grad(Tensor t)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e is GradState g)
            {
                return g;
            }
        }

        return null;
    }

    public static GradState GetOrAddGrad(Tensor t)
    {
        if (Grad(t) is { } g)
        {
            return g;
        }

        g = new GradState();
        Add(t, g);
        return g;
    }

    /// <summary>The tangent at <paramref name="level"/>, or null (zero).</summary>
    public static Tensor? Tangent(Tensor t, Level level)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e.Level == level && e is TangentEntry te)
            {
                return te.Tangent;
            }
        }

        return null;
    }

    /// <summary>The node that recorded this tensor at <paramref name="level"/>, or null.</summary>
    public static Node? NodeAt(Tensor t, Level level)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e.Level == level && e is Node n)
            {
                return n;
            }
        }

        return null;
    }

    public static LeafEntry? LeafAt(Tensor t, Level level)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e.Level == level && e is LeafEntry l)
            {
                return l;
            }
        }

        return null;
    }

    /// <summary>Whether a recorded operation produced this tensor (at any level, open or closed).</summary>
    public static bool HasNode(Tensor t)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e is Node)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The public <c>RequiresGrad</c>: set on a leaf by the user, or produced by a recorded operation.</summary>
    public static bool RequiresGrad(Tensor t)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e is Node || e is GradState { RequiresGrad: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the tensor carries state at an open level: it then takes part in some active transform.</summary>
    public static bool HasOpenLevelState(Tensor t)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e.Level is { IsOpen: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether reverse level <paramref name="level"/> tracks <paramref name="t"/> (records operations on it).</summary>
    public static bool IsTracked(Tensor t, Level level)
    {
        for (var e = First(t); e is not null; e = e.Next)
        {
            if (e.Level == level)
            {
                return e is Node || e is LeafEntry;
            }
        }

        return level.TracksRequiresGrad && RequiresGrad(t);
    }

    /// <summary>The tangent at the innermost visible forward level (the public <c>Tangent</c>).</summary>
    public static Tensor? VisibleTangent(Tensor t)
    {
        for (var l = Levels.Top; l is not null; l = Levels.VisibleFrom(l.Outer))
        {
            if (!l.IsReverse && Tangent(t, l) is { } tangent)
            {
                return tangent;
            }
        }

        return null;
    }
}
