using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// An element-wise function y = f(x), given for scalars and for 128-, 256- and 512-bit vectors so one driver
/// (<see cref="Elementwise"/>) can pick the widest accelerated width. The scalar form is used only where no vector
/// width is accelerated: with one, every element (tails included) goes through the vector form, so an element's
/// value never depends on where it falls. Lanes must be independent of one another.
/// A struct implementing it may carry parameters (a slope, an exponent).
/// </summary>
public interface IUnaryOperator<T>
    where T : unmanaged
{
    /// <summary>f on one element.</summary>
    T Invoke(T x);

    /// <summary>f on each lane of a 128-bit vector.</summary>
    Vector128<T> Invoke(Vector128<T> x);

    /// <summary>f on each lane of a 256-bit vector.</summary>
    Vector256<T> Invoke(Vector256<T> x);

    /// <summary>f on each lane of a 512-bit vector.</summary>
    Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>An element-wise function z = f(x, y); see <see cref="IUnaryOperator{T}"/>.</summary>
public interface IBinaryOperator<T>
    where T : unmanaged
{
    /// <summary>f on one pair of elements.</summary>
    T Invoke(T x, T y);

    /// <summary>f lane by lane on two 128-bit vectors.</summary>
    Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    /// <summary>f lane by lane on two 256-bit vectors.</summary>
    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    /// <summary>f lane by lane on two 512-bit vectors.</summary>
    Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}
