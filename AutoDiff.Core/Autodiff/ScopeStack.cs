namespace AutoDiff.Autodiff;

/// <summary>
/// A thread's stack of open scopes of one kind, each known by a serial number, so a scope handle (a struct, copied
/// freely) can tell whether it is still open: disposing a closed one does nothing, and disposing one while a scope
/// opened after it is still open throws and changes nothing. Use it through a [ThreadStatic] field.
/// </summary>
internal struct ScopeStack
{
    private int[]? _ids;
    private int _depth;
    private int _serial;

    /// <summary>How many scopes are open.</summary>
    public readonly int Depth => _depth;

    /// <summary>Opens a scope; the result identifies it to <see cref="Pop"/>.</summary>
    public ScopeToken Push()
    {
        _ids ??= new int[4];
        if (_depth == _ids.Length)
        {
            Array.Resize(ref _ids, _depth * 2);
        }

        // Serial numbers wrap around after 2³² scopes; 0 is the default (never-open) token, so skip it.
        var id = ++_serial;
        if (id == 0)
        {
            id = ++_serial;
        }

        _ids[_depth++] = id;
        return new ScopeToken(_depth, id);
    }

    /// <summary>
    /// Closes the scope <paramref name="token"/> names: true when it was the innermost open one; false when it was
    /// already closed (or is the default token). Throws, changing nothing, when a scope opened after it is still open.
    /// </summary>
    public bool Pop(ScopeToken token, string what)
    {
        if (token.Id == 0 || token.Depth > _depth || _ids![token.Depth - 1] != token.Id)
        {
            return false;
        }

        if (token.Depth != _depth)
        {
            throw new InvalidOperationException(
                $"{what}: scopes must be disposed in reverse order of opening; {_depth - token.Depth} scope(s) opened inside this one " +
                "are still open. Dispose them first (a `using` declaration does this for you).");
        }

        _depth--;
        return true;
    }
}

/// <summary>Identifies one open scope of a <see cref="ScopeStack"/>: its depth and serial number.</summary>
internal readonly record struct ScopeToken(int Depth, int Id);
