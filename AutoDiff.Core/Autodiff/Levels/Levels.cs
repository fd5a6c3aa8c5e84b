using System.Runtime.CompilerServices;

namespace AutoDiff.Autodiff;

/// <summary>
/// The thread's stack of active <see cref="Level"/>s and what is visible now. Derivative rules run with their own
/// level and the levels inside it hidden (a range of ids; a level opened while the range is hidden, by a transform
/// inside a rule, is outside it and visible); <c>Tape.NoGrad</c> hides the reverse levels open when it began (a
/// transform called inside it still differentiates, as <c>torch.func.grad</c> inside <c>torch.no_grad</c>). <see cref="Top"/>, the
/// innermost visible level, is cached, so an operation with nothing to differentiate reads one thread-static.
/// </summary>
internal static class Levels
{
    [ThreadStatic]
    private static Level? t_innermost;

    [ThreadStatic]
    private static Level? t_top;

    [ThreadStatic]
    private static long[]? t_hidden;

    [ThreadStatic]
    private static int t_hiddenCount;

    [ThreadStatic]
    private static long t_nextId;

    [ThreadStatic]
    private static long t_noGradBound;

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
    {
        if (!level.IsOpen || level.Shadowed || (level.IsReverse && level.Id < t_noGradBound))
        {
            return false;
        }

        for (var i = 0; i < t_hiddenCount; i += 2)
        {
            if (level.Id >= t_hidden![i] && level.Id < t_hidden[i + 1])
            {
                return false;
            }
        }

        return true;
    }

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

    /// <summary>Hides <paramref name="level"/> and every level open inside it until disposed: how its rules run.</summary>
    public static Limit HideFrom(Level level) => Hide(level.Id);

    /// <summary>Hides the levels open inside <paramref name="level"/>, keeping it visible (a createGraph backward pass).</summary>
    public static Limit HideInside(Level level) => Hide(level.Id + 1);

    /// <summary>Hides every open level until disposed: computation on values only.</summary>
    public static Limit HideAll() => Hide(1);

    /// <summary>Hides the open levels with ids from <paramref name="from"/> on; levels opened later stay visible.</summary>
    private static Limit Hide(long from)
    {
        t_hidden ??= new long[8];
        if (t_hiddenCount == t_hidden.Length)
        {
            Array.Resize(ref t_hidden, t_hiddenCount * 2);
        }

        var count = t_hiddenCount;
        t_hidden[count] = from;
        t_hidden[count + 1] = t_nextId + 1;
        t_hiddenCount = count + 2;
        Refresh();
        return new Limit(count);
    }

    /// <summary>Hides every reverse level open now (<c>Tape.NoGrad</c>); returns what <see cref="ExitNoGrad"/> restores.</summary>
    public static long EnterNoGrad()
    {
        var previous = t_noGradBound;
        t_noGradBound = t_nextId + 1;
        Refresh();
        return previous;
    }

    /// <summary>Ends a <see cref="EnterNoGrad"/>, restoring the bound it returned.</summary>
    public static void ExitNoGrad(long previous)
    {
        t_noGradBound = previous;
        Refresh();
    }

    private static void Refresh() => t_top = VisibleFrom(t_innermost);

    /// <summary>Shows again what <see cref="Hide"/> hid.</summary>
    public readonly struct Limit(int previousCount) : IDisposable
    {
        public void Dispose()
        {
            t_hiddenCount = previousCount;
            Refresh();
        }
    }
}
