using AutoDiff.Kernels;

namespace AutoDiff;

/// <summary>
/// Untracked tensor-level computations: shape logic, broadcasting and dtype dispatch over the span kernels.
/// Primitives use these for their forward values; nothing here records or propagates tangents.
/// </summary>
internal static partial class TensorMath
{
    public static Tensor Unary<TF, TD>(Tensor x, TF opF, TD opD)
        where TF : struct, IUnaryOperator<float>
        where TD : struct, IUnaryOperator<double>
    {
        var y = Tensor.Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            UnaryInto<TF, float>(opF, x, y);
        }
        else
        {
            UnaryInto<TD, double>(opD, x, y);
        }

        return y;
    }

    public static Tensor Binary<TF, TD>(string op, Tensor a, Tensor b, TF opF, TD opD)
        where TF : struct, IBinaryOperator<float>
        where TD : struct, IBinaryOperator<double>
    {
        TensorChecks.SameDType(op, a, b);
        var y = Tensor.Empty(Shape.Broadcast(a.Shape, b.Shape, op), a.DType);
        if (a.DType == DType.Float32)
        {
            BinaryInto<TF, float>(opF, a, b, y);
        }
        else
        {
            BinaryInto<TD, double>(opD, a, b, y);
        }

        return y;
    }

    /// <summary>y = a + b in place on <paramref name="y"/> (b broadcast to y's shape).</summary>
    public static void AddInPlace(Tensor y, Tensor b)
    {
        TensorChecks.SameDType("AddInPlace", y, b);
        if (y.DType == DType.Float32)
        {
            BinaryInto<AddOperator<float>, float>(default, y, b, y);
        }
        else
        {
            BinaryInto<AddOperator<double>, double>(default, y, b, y);
        }
    }

    /// <summary>y = op(x) element by element, over both cores for large tensors.</summary>
    private static void UnaryInto<TOp, T>(TOp op, Tensor x, Tensor y)
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged
    {
        if (y.Size < Parallelism.ElementwiseParallelThreshold)
        {
            Elementwise.Unary(op, x.Span<T>(), y.Span<T>());
            return;
        }

        T[] xs = x.Array<T>(), ys = y.Array<T>();
        Parallelism.ForRanges(y.Size, new UnaryRanges<TOp, T>(op, xs, ys));
    }

    /// <summary>y = op(a, b) where a and b broadcast to y's shape; row by row along the last axis.</summary>
    public static void BinaryInto<TOp, T>(TOp op, Tensor a, Tensor b, Tensor y)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        var ys = y.Span<T>();
        var sa = a.Span<T>();
        var sb = b.Span<T>();
        if (a.Size == y.Size && b.Size == y.Size)
        {
            if (y.Size < Parallelism.ElementwiseParallelThreshold)
            {
                Elementwise.Binary(op, sa, sb, ys);
                return;
            }

            T[] aa = a.Array<T>(), ba = b.Array<T>(), ya = y.Array<T>();
            Parallelism.ForRanges(y.Size, new BinaryRanges<TOp, T>(op, aa, ba, ya));
            return;
        }

        if (b.Size == 1 && a.Size == y.Size)
        {
            if (y.Size < Parallelism.ElementwiseParallelThreshold)
            {
                Elementwise.BinaryScalarRight(op, sa, sb[0], ys);
                return;
            }

            T[] aa = a.Array<T>(), ya = y.Array<T>();
            var right = sb[0];
            Parallelism.ForRanges(y.Size, new ScalarRightRanges<TOp, T>(op, aa, right, ya));
            return;
        }

        if (a.Size == 1 && b.Size == y.Size)
        {
            if (y.Size < Parallelism.ElementwiseParallelThreshold)
            {
                Elementwise.BinaryScalarLeft(op, sa[0], sb, ys);
                return;
            }

            T[] ba = b.Array<T>(), ya = y.Array<T>();
            var left = sa[0];
            Parallelism.ForRanges(y.Size, new ScalarLeftRanges<TOp, T>(op, left, ba, ya));
            return;
        }

        if (y.Size == 0)
        {
            return;
        }

        var rank = y.Rank;
        var aStrides = BroadcastStrides(a.Shape, y.Shape);
        var bStrides = BroadcastStrides(b.Shape, y.Shape);
        var inner = y.Shape[rank - 1];
        var aInner = aStrides[rank - 1];
        var bInner = bStrides[rank - 1];
        var rows = y.Size / inner;
        Span<int> index = stackalloc int[rank];
        int aOff = 0, bOff = 0;
        for (var r = 0; r < rows; r++)
        {
            var dst = ys.Slice(r * inner, inner);
            if (aInner != 0 && bInner != 0)
            {
                Elementwise.Binary(op, sa.Slice(aOff, inner), sb.Slice(bOff, inner), dst);
            }
            else if (bInner == 0 && aInner != 0)
            {
                Elementwise.BinaryScalarRight(op, sa.Slice(aOff, inner), sb[bOff], dst);
            }
            else if (aInner == 0 && bInner != 0)
            {
                Elementwise.BinaryScalarLeft(op, sa[aOff], sb.Slice(bOff, inner), dst);
            }
            else
            {
                dst.Fill(op.Invoke(sa[aOff], sb[bOff]));
            }

            // Advance the multi-index over the outer axes (odometer), keeping both source offsets.
            for (var axis = rank - 2; axis >= 0; axis--)
            {
                index[axis]++;
                aOff += aStrides[axis];
                bOff += bStrides[axis];
                if (index[axis] < y.Shape[axis])
                {
                    break;
                }

                aOff -= aStrides[axis] * index[axis];
                bOff -= bStrides[axis] * index[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>Strides of <paramref name="source"/> in the index space of <paramref name="target"/>: 0 on broadcast axes.</summary>
    public static int[] BroadcastStrides(Shape source, Shape target)
    {
        var strides = new int[target.Rank];
        var own = source.Strides();
        var offset = target.Rank - source.Rank;
        for (var i = 0; i < source.Rank; i++)
        {
            strides[i + offset] = source[i] == 1 && target[i + offset] != 1 ? 0 : own[i];
        }

        return strides;
    }

    public static Tensor BroadcastTo(Tensor x, Shape shape)
    {
        var y = Tensor.EmptyZeroed(shape, x.DType);
        if (x.DType == DType.Float32)
        {
            BinaryInto<AddOperator<float>, float>(default, y, x, y);
        }
        else
        {
            BinaryInto<AddOperator<double>, double>(default, y, x, y);
        }

        return y;
    }

    public static Tensor Cast(Tensor x, DType dtype)
    {
        var y = Tensor.Empty(x.Shape, dtype);
        if (x.DType == DType.Float32 && dtype == DType.Float64)
        {
            var s = x.Span<float>();
            var d = y.Span<double>();
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = s[i];
            }
        }
        else if (x.DType == DType.Float64 && dtype == DType.Float32)
        {
            var s = x.Span<double>();
            var d = y.Span<float>();
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = (float)s[i];
            }
        }
        else
        {
            y.CopyFrom(x);
        }

        return y;
    }

    /// <summary>cond ≠ 0 ? a : b, all three broadcast to a common shape.</summary>
    public static Tensor Where(Tensor cond, Tensor a, Tensor b)
    {
        TensorChecks.SameDType("Where", a, b);
        TensorChecks.SameDType("Where", cond, a);
        var shape = Shape.Broadcast(Shape.Broadcast(cond.Shape, a.Shape, "Where"), b.Shape, "Where");
        var c = cond.Shape == shape ? cond : BroadcastTo(cond, shape);
        var aa = a.Shape == shape ? a : BroadcastTo(a, shape);
        var bb = b.Shape == shape ? b : BroadcastTo(b, shape);
        var y = Tensor.Empty(shape, a.DType);
        if (a.DType == DType.Float32)
        {
            Select(c.Span<float>(), aa.Span<float>(), bb.Span<float>(), y.Span<float>());
        }
        else
        {
            Select(c.Span<double>(), aa.Span<double>(), bb.Span<double>(), y.Span<double>());
        }

        return y;
    }

    private static void Select<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = T.IsZero(c[i]) ? b[i] : a[i];
        }
    }

    // The parallel bodies of the element-wise drivers: structs, so a large element-wise op allocates nothing.
    private readonly struct UnaryRanges<TOp, T>(TOp op, T[] x, T[] y) : IRangeBody
        where TOp : struct, IUnaryOperator<T>
        where T : unmanaged
    {
        public void Run(int start, int count) => Elementwise.Unary(op, x.AsSpan(start, count), y.AsSpan(start, count));
    }

    private readonly struct BinaryRanges<TOp, T>(TOp op, T[] a, T[] b, T[] y) : IRangeBody
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        public void Run(int start, int count) => Elementwise.Binary(op, a.AsSpan(start, count), b.AsSpan(start, count), y.AsSpan(start, count));
    }

    private readonly struct ScalarRightRanges<TOp, T>(TOp op, T[] a, T right, T[] y) : IRangeBody
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        public void Run(int start, int count) => Elementwise.BinaryScalarRight(op, a.AsSpan(start, count), right, y.AsSpan(start, count));
    }

    private readonly struct ScalarLeftRanges<TOp, T>(TOp op, T left, T[] b, T[] y) : IRangeBody
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        public void Run(int start, int count) => Elementwise.BinaryScalarLeft(op, left, b.AsSpan(start, count), y.AsSpan(start, count));
    }
}
