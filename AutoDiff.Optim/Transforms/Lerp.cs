using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Optim;

/// <summary>
/// PyTorch's <c>lerp(a, b, w)</c> exactly as its CPU kernel computes it: a + w·(b − a) when |w| &lt; 0.5, else
/// b − (b − a)·(1 − w). Which form applies is decided once per step (w is a hyper-parameter), not per element.
/// </summary>
internal readonly struct Lerp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _w;
    private readonly T _oneMinusW;
    private readonly bool _low;

    public Lerp(double w)
    {
        _w = T.CreateTruncating(w);
        _oneMinusW = T.One - _w;   // the kernel computes 1 − w in the tensor's type
        _low = Math.Abs(w) < 0.5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Of(T a, T b) => _low ? a + (_w * (b - a)) : b - ((b - a) * _oneMinusW);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Of(Vector<T> a, Vector<T> b) => _low ? a + (new Vector<T>(_w) * (b - a)) : b - ((b - a) * new Vector<T>(_oneMinusW));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Of(Vector512<T> a, Vector512<T> b) => _low ? a + (Vector512.Create(_w) * (b - a)) : b - ((b - a) * Vector512.Create(_oneMinusW));
}
