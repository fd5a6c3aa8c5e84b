using System.Runtime.CompilerServices;

namespace AutoDiff.Autodiff;

/// <summary>
/// The thread's stack of active <see cref="Level"/>s and what is visible now. Derivative rules run with a limit that
/// hides their own level and the levels inside it; <c>Tape.NoGrad</c> hides every reverse level. <see cref="Top"/>,
/// the innermost visible level, is cached, so an operation with nothing to differentiate reads one thread-static.
/// </summary>
internal static class Levels
{
    [ThreadStatic]
    private static Level? t_innermost;

    [ThreadStatic]
    private static Level? t_top;

    [ThreadStatic]
    private static int t_limit;

    [ThreadStatic]
    private static int t_nextId;

    [ThreadStatic]
    private static int t_noGradDepth;

    /// <summary>The innermost visible level, or null when no level is visible (the fast path).</summary>
    public static Level? Top
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_top;
    }

    /// <summary>The innermost open level, visible or not.</summary>
    public static Level? Innermost => t_innermost;

    /// <summary>Whether <paramref name="level"/> is open and not hidden now.</summary>
    public static bool IsVisible(Level level)
        => level.IsOpen && !level.Shadowed && (t_limit == 0 || level.Id < t_limit) && (!level.IsReverse || t_noGradDepth == 0);

    /// <summary>The first visible level at or outside <paramref name="level"/>.</summary>
    public static Level? VisibleFrom(Level? level)
    {
        while (level is not null && !IsVisible(level))
        {
            level = level.Outer;
        }

        return level;
    }

    /// <summary>Whether any open reverse level exists (visible or not): results must then outlive inner scopes.</summary>
    public static bool AnyReverseOpen()
    {
        for (var l = t_innermost; l is not null; l = l.Outer)
        {
            if (l.IsReverse)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Opens a level inside the innermost one.</summary>
    public static Level Open(Tape? tape, bool tracksRequiresGrad)
    {
        var level = new Level(++t_nextId, t_innermost, tape, tracksRequiresGrad);
        if (tracksRequiresGrad)
        {
            for (var l = t_innermost; l is not null; l = l.Outer)
            {
                if (l.TracksRequiresGrad && !l.Shadowed)
                {
                    l.Shadowed = true;
                    level.Shadows = l;
                    break;
                }
            }
        }

        t_innermost = level;
        Refresh();
        return level;
    }

    /// <summary>Closes <paramref name="level"/>, which must be the innermost open one.</summary>
    public static void Close(Level level)
    {
        if (!level.IsOpen)
        {
            return;
        }

        if (t_innermost != level)
        {
            throw new InvalidOperationException(
                "Tape/transform levels must be closed in reverse order of opening (an inner tape or transform is still open).");
        }

        level.IsOpen = false;
        if (level.Shadows is { } shadowed)
        {
            shadowed.Shadowed = false;
        }

        t_innermost = level.Outer;
        Refresh();
    }

    /// <summary>Hides <paramref name="level"/> and every level inside it until disposed: how its rules run.</summary>
    public static Limit HideFrom(Level level) => SetLimit(level.Id);

    /// <summary>Hides the levels inside <paramref name="level"/>, keeping it visible (a createGraph backward pass).</summary>
    public static Limit HideInside(Level level) => SetLimit(level.Id + 1);

    /// <summary>Hides every level until disposed: computation on values only.</summary>
    public static Limit HideAll() => SetLimit(1);

    private static Limit SetLimit(int limit)
    {
        var previous = t_limit;
        t_limit = previous == 0 ? limit : Math.Min(previous, limit);
        Refresh();
        return new Limit(previous);
    }

    /// <summary>Hides every reverse level (<c>Tape.NoGrad</c>).</summary>
    public static void EnterNoGrad()
    {
        t_noGradDepth++;
        Refresh();
    }

    /// <summary>Ends one <see cref="EnterNoGrad"/>.</summary>
    public static void ExitNoGrad()
    {
        t_noGradDepth--;
        Refresh();
    }

    private static void Refresh() => t_top = VisibleFrom(t_innermost);

    /// <summary>Restores the previous visibility limit.</summary>
    public readonly struct Limit(int previous) : IDisposable
    {
        public void Dispose()
        {
            t_limit = previous;
            Refresh();
        }
    }
}
