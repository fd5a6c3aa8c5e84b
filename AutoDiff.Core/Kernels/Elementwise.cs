using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// Drivers that apply an operator struct to spans: lengths checked first, then the widest accelerated vector
/// width (512, else 256 bits), unrolled, then a scalar tail. The JIT specialises each (operator, T) pair.
/// Destination may alias a source (in-place use): every element is read before it is written.
/// </summary>
public static class Elementwise
{
    /// <summary>destination[i] = op(x[i]).</summary>
    public static void Unary<TOp, T>(TOp op, ReadOnlySpan<T> x, Span<T> destination)
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged
    {
        if (x.Length != destination.Length)
        {
            throw new ArgumentException($"Elementwise.Unary: source length {x.Length} != destination length {destination.Length}.");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var w = (nuint)Vector512<T>.Count;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                var a = Vector512.LoadUnsafe(ref xr, i);
                var b = Vector512.LoadUnsafe(ref xr, i + w);
                op.Invoke(a).StoreUnsafe(ref dr, i);
                op.Invoke(b).StoreUnsafe(ref dr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var w = (nuint)Vector256<T>.Count;
            for (; i + w <= n; i += w)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    public static void Binary<TOp, T>(TOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        if (x.Length != destination.Length || y.Length != destination.Length)
        {
            throw new ArgumentException($"Elementwise.Binary: lengths {x.Length}, {y.Length} and destination {destination.Length} differ.");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var w = (nuint)Vector512<T>.Count;
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                var a0 = Vector512.LoadUnsafe(ref xr, i);
                var a1 = Vector512.LoadUnsafe(ref xr, i + w);
                var b0 = Vector512.LoadUnsafe(ref yr, i);
                var b1 = Vector512.LoadUnsafe(ref yr, i + w);
                op.Invoke(a0, b0).StoreUnsafe(ref dr, i);
                op.Invoke(a1, b1).StoreUnsafe(ref dr, i + w);
            }

            for (; i + w <= n; i += w)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var w = (nuint)Vector256<T>.Count;
            for (; i + w <= n; i += w)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    /// <summary>destination[i] = op(x[i], y) for a scalar right operand.</summary>
    public static void BinaryScalarRight<TOp, T>(TOp op, ReadOnlySpan<T> x, T y, Span<T> destination)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        if (x.Length != destination.Length)
        {
            throw new ArgumentException($"Elementwise.BinaryScalarRight: source length {x.Length} != destination length {destination.Length}.");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var w = (nuint)Vector512<T>.Count;
            var yv = Vector512.Create(y);
            for (; i + w <= n; i += w)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var w = (nuint)Vector256<T>.Count;
            var yv = Vector256.Create(y);
            for (; i + w <= n; i += w)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), y);
        }
    }

    /// <summary>destination[i] = op(x, y[i]) for a scalar left operand.</summary>
    public static void BinaryScalarLeft<TOp, T>(TOp op, T x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        if (y.Length != destination.Length)
        {
            throw new ArgumentException($"Elementwise.BinaryScalarLeft: source length {y.Length} != destination length {destination.Length}.");
        }

        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)y.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var w = (nuint)Vector512<T>.Count;
            var xv = Vector512.Create(x);
            for (; i + w <= n; i += w)
            {
                op.Invoke(xv, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var w = (nuint)Vector256<T>.Count;
            var xv = Vector256.Create(x);
            for (; i + w <= n; i += w)
            {
                op.Invoke(xv, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(x, Unsafe.Add(ref yr, i));
        }
    }
}
