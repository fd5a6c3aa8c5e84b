using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// The vector operations of the micro-kernel at one width. <see cref="Kernel{T, TVector, TWidth, TRows}"/> is
    /// written once over this interface; the JIT compiles one body per width and inlines these into it.
    /// </summary>
    /// <typeparam name="TVector">The vector type.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    private interface IKernelVector<TVector, T>
        where TVector : struct
        where T : unmanaged
    {
        /// <summary>Rows of the full register tile: the values per step of a packed A micro-panel.</summary>
        static abstract int TileRows { get; }

        /// <summary>Elements per vector.</summary>
        static abstract int Count { get; }

        /// <summary>The zero vector.</summary>
        static abstract TVector Zero { get; }

        /// <summary>Loads a vector from <paramref name="source"/>.</summary>
        static abstract TVector Load(T* source);

        /// <summary>A vector of <paramref name="value"/> in every element.</summary>
        static abstract TVector Broadcast(T value);

        /// <summary>x·y + z in one rounding (in two where the hardware has no fused multiply-add).</summary>
        static abstract TVector MultiplyAdd(TVector x, TVector y, TVector z);

        /// <summary>Stores (or adds) one row of a register tile, two vectors wide, at <paramref name="row"/>.</summary>
        static abstract void Put(TVector low, TVector high, T* row, bool overwrite);
    }

    /// <summary>The micro-kernel on <see cref="Vector512{T}"/>: 12-row tiles.</summary>
    private readonly struct Width512<T> : IKernelVector<Vector512<T>, T>
        where T : unmanaged
    {
        public static int TileRows => Kernel512Rows;

        public static int Count => Vector512<T>.Count;

        public static Vector512<T> Zero => Vector512<T>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Load(T* source) => Vector512.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> z)
        {
            if (!HasFma)
            {
                return (x * y) + z;
            }

            return typeof(T) == typeof(float)
                ? Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()
                : Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(Vector512<T> low, Vector512<T> high, T* row, bool overwrite)
        {
            if (overwrite)
            {
                Vector512.Store(low, row);
                Vector512.Store(high, row + Count);
            }
            else
            {
                Vector512.Store(Vector512.Load(row) + low, row);
                Vector512.Store(Vector512.Load(row + Count) + high, row + Count);
            }
        }
    }

    /// <summary>The micro-kernel on <see cref="Vector256{T}"/>: 6-row tiles.</summary>
    private readonly struct Width256<T> : IKernelVector<Vector256<T>, T>
        where T : unmanaged
    {
        public static int TileRows => Kernel256Rows;

        public static int Count => Vector256<T>.Count;

        public static Vector256<T> Zero => Vector256<T>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Load(T* source) => Vector256.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> z)
        {
            if (!HasFma)
            {
                return (x * y) + z;
            }

            return typeof(T) == typeof(float)
                ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()
                : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(Vector256<T> low, Vector256<T> high, T* row, bool overwrite)
        {
            if (overwrite)
            {
                Vector256.Store(low, row);
                Vector256.Store(high, row + Count);
            }
            else
            {
                Vector256.Store(Vector256.Load(row) + low, row);
                Vector256.Store(Vector256.Load(row + Count) + high, row + Count);
            }
        }
    }

    /// <summary>The micro-kernel on <see cref="Vector128{T}"/> (SSE, AdvSIMD): 6-row tiles.</summary>
    private readonly struct Width128<T> : IKernelVector<Vector128<T>, T>
        where T : unmanaged
    {
        public static int TileRows => Kernel256Rows;

        public static int Count => Vector128<T>.Count;

        public static Vector128<T> Zero => Vector128<T>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Load(T* source) => Vector128.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> z)
        {
            if (!HasFma)
            {
                return (x * y) + z;
            }

            return typeof(T) == typeof(float)
                ? Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()
                : Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(Vector128<T> low, Vector128<T> high, T* row, bool overwrite)
        {
            if (overwrite)
            {
                Vector128.Store(low, row);
                Vector128.Store(high, row + Count);
            }
            else
            {
                Vector128.Store(Vector128.Load(row) + low, row);
                Vector128.Store(Vector128.Load(row + Count) + high, row + Count);
            }
        }
    }
}
