using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

/// <summary>
/// Drivers that apply an operator struct to spans: lengths checked first, then the widest accelerated vector
/// width (512, 256 or 128 bits), unrolled. The tail that does not fill a vector goes through the same vector
/// formula on a zero-padded copy, so an element's value never depends on where it falls (in a tail, at the edge
/// of a thread's chunk): results are the same whatever the split. Only where no width is accelerated does the
/// operator's scalar form run, then for every element. The JIT specialises each (operator, T) pair.
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
        var n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Unary512(op, ref xr, ref dr, n);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            Unary256(op, ref xr, ref dr, n);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            Unary128(op, ref xr, ref dr, n);
        }
        else
        {
            for (nuint i = 0; i < n; i++)
            {
                Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
            }
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
        var n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Binary512(op, ref xr, ref yr, ref dr, n);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            Binary256(op, ref xr, ref yr, ref dr, n);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            Binary128(op, ref xr, ref yr, ref dr, n);
        }
        else
        {
            for (nuint i = 0; i < n; i++)
            {
                Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
            }
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

        Unary(new BoundRight<TOp, T>(op, y), x, destination);
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

        Unary(new BoundLeft<TOp, T>(op, x), y, destination);
    }

    private static void Unary512<TOp, T>(TOp op, ref T xr, ref T dr, nuint n)
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged
    {
        var w = (nuint)Vector512<T>.Count;
        nuint i = 0;
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

        if (i < n)
        {
            var count = (int)(n - i);
            Vector512<T> tail = default;
            Copy(ref Unsafe.Add(ref xr, i), ref As(ref tail), count);
            tail = op.Invoke(tail);
            Copy(ref As(ref tail), ref Unsafe.Add(ref dr, i), count);
        }
    }

    private static void Unary256<TOp, T>(TOp op, ref T xr, ref T dr, nuint n)
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged
    {
        var w = (nuint)Vector256<T>.Count;
        nuint i = 0;
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            var a = Vector256.LoadUnsafe(ref xr, i);
            var b = Vector256.LoadUnsafe(ref xr, i + w);
            op.Invoke(a).StoreUnsafe(ref dr, i);
            op.Invoke(b).StoreUnsafe(ref dr, i + w);
        }

        for (; i + w <= n; i += w)
        {
            op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            var count = (int)(n - i);
            Vector256<T> tail = default;
            Copy(ref Unsafe.Add(ref xr, i), ref As(ref tail), count);
            tail = op.Invoke(tail);
            Copy(ref As(ref tail), ref Unsafe.Add(ref dr, i), count);
        }
    }

    private static void Unary128<TOp, T>(TOp op, ref T xr, ref T dr, nuint n)
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged
    {
        var w = (nuint)Vector128<T>.Count;
        nuint i = 0;
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            var a = Vector128.LoadUnsafe(ref xr, i);
            var b = Vector128.LoadUnsafe(ref xr, i + w);
            op.Invoke(a).StoreUnsafe(ref dr, i);
            op.Invoke(b).StoreUnsafe(ref dr, i + w);
        }

        for (; i + w <= n; i += w)
        {
            op.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            var count = (int)(n - i);
            Vector128<T> tail = default;
            Copy(ref Unsafe.Add(ref xr, i), ref As(ref tail), count);
            tail = op.Invoke(tail);
            Copy(ref As(ref tail), ref Unsafe.Add(ref dr, i), count);
        }
    }

    private static void Binary512<TOp, T>(TOp op, ref T xr, ref T yr, ref T dr, nuint n)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        var w = (nuint)Vector512<T>.Count;
        nuint i = 0;
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

        if (i < n)
        {
            var count = (int)(n - i);
            Vector512<T> a = default, b = default;
            Copy(ref Unsafe.Add(ref xr, i), ref As(ref a), count);
            Copy(ref Unsafe.Add(ref yr, i), ref As(ref b), count);
            a = op.Invoke(a, b);
            Copy(ref As(ref a), ref Unsafe.Add(ref dr, i), count);
        }
    }

    private static void Binary256<TOp, T>(TOp op, ref T xr, ref T yr, ref T dr, nuint n)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        var w = (nuint)Vector256<T>.Count;
        nuint i = 0;
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            var a0 = Vector256.LoadUnsafe(ref xr, i);
            var a1 = Vector256.LoadUnsafe(ref xr, i + w);
            var b0 = Vector256.LoadUnsafe(ref yr, i);
            var b1 = Vector256.LoadUnsafe(ref yr, i + w);
            op.Invoke(a0, b0).StoreUnsafe(ref dr, i);
            op.Invoke(a1, b1).StoreUnsafe(ref dr, i + w);
        }

        for (; i + w <= n; i += w)
        {
            op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            var count = (int)(n - i);
            Vector256<T> a = default, b = default;
            Copy(ref Unsafe.Add(ref xr, i), ref As(ref a), count);
            Copy(ref Unsafe.Add(ref yr, i), ref As(ref b), count);
            a = op.Invoke(a, b);
            Copy(ref As(ref a), ref Unsafe.Add(ref dr, i), count);
        }
    }

    private static void Binary128<TOp, T>(TOp op, ref T xr, ref T yr, ref T dr, nuint n)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        var w = (nuint)Vector128<T>.Count;
        nuint i = 0;
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            var a0 = Vector128.LoadUnsafe(ref xr, i);
            var a1 = Vector128.LoadUnsafe(ref xr, i + w);
            var b0 = Vector128.LoadUnsafe(ref yr, i);
            var b1 = Vector128.LoadUnsafe(ref yr, i + w);
            op.Invoke(a0, b0).StoreUnsafe(ref dr, i);
            op.Invoke(a1, b1).StoreUnsafe(ref dr, i + w);
        }

        for (; i + w <= n; i += w)
        {
            op.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            var count = (int)(n - i);
            Vector128<T> a = default, b = default;
            Copy(ref Unsafe.Add(ref xr, i), ref As(ref a), count);
            Copy(ref Unsafe.Add(ref yr, i), ref As(ref b), count);
            a = op.Invoke(a, b);
            Copy(ref As(ref a), ref Unsafe.Add(ref dr, i), count);
        }
    }

    private static ref T As<T>(ref Vector512<T> vector)
        where T : unmanaged
        => ref Unsafe.As<Vector512<T>, T>(ref vector);

    private static ref T As<T>(ref Vector256<T> vector)
        where T : unmanaged
        => ref Unsafe.As<Vector256<T>, T>(ref vector);

    private static ref T As<T>(ref Vector128<T> vector)
        where T : unmanaged
        => ref Unsafe.As<Vector128<T>, T>(ref vector);

    private static void Copy<T>(ref T source, ref T destination, int count)
        where T : unmanaged
        => MemoryMarshal.CreateReadOnlySpan(ref source, count).CopyTo(MemoryMarshal.CreateSpan(ref destination, count));

    /// <summary>op(x, y) with y fixed, as a unary operator, so the scalar-operand drivers share the unary one.</summary>
    private readonly struct BoundRight<TOp, T>(TOp op, T y) : IUnaryOperator<T>
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        private readonly TOp _op = op;
        private readonly T _y = y;

        public T Invoke(T x) => _op.Invoke(x, _y);
        public Vector128<T> Invoke(Vector128<T> x) => _op.Invoke(x, Vector128.Create(_y));
        public Vector256<T> Invoke(Vector256<T> x) => _op.Invoke(x, Vector256.Create(_y));
        public Vector512<T> Invoke(Vector512<T> x) => _op.Invoke(x, Vector512.Create(_y));
    }

    /// <summary>op(x, y) with x fixed, as a unary operator of y.</summary>
    private readonly struct BoundLeft<TOp, T>(TOp op, T x) : IUnaryOperator<T>
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        private readonly TOp _op = op;
        private readonly T _x = x;

        public T Invoke(T y) => _op.Invoke(_x, y);
        public Vector128<T> Invoke(Vector128<T> y) => _op.Invoke(Vector128.Create(_x), y);
        public Vector256<T> Invoke(Vector256<T> y) => _op.Invoke(Vector256.Create(_x), y);
        public Vector512<T> Invoke(Vector512<T> y) => _op.Invoke(Vector512.Create(_x), y);
    }
}
