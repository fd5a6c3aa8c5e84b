using AutoDiff.Kernels;

namespace AutoDiff;

internal static partial class TensorMath
{
    /// <summary>(outer, n, inner) of a tensor viewed around one axis.</summary>
    public static (int Outer, int N, int Inner) AroundAxis(Shape shape, int axis)
    {
        int outer = 1, inner = 1;
        for (var i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }

        for (var i = axis + 1; i < shape.Rank; i++)
        {
            inner *= shape[i];
        }

        return (outer, shape[axis], inner);
    }

    /// <summary>
    /// Sum (or max) over the given sorted, distinct axes, keeping them as size-1 axes. Each run of adjacent axes is
    /// reduced in one pass, as one axis of their combined length (a full reduction is one pass over the data).
    /// </summary>
    public static Tensor ReduceKeepDims(Tensor x, int[] axes, bool max)
    {
        var current = x;
        var dims = x.Shape.ToArray();
        for (var last = axes.Length - 1; last >= 0;)
        {
            var first = last;
            while (first > 0 && axes[first - 1] == axes[first] - 1)
            {
                first--;
            }

            int outer = 1, n = 1, inner = 1;
            for (var i = 0; i < dims.Length; i++)
            {
                if (i < axes[first])
                {
                    outer *= dims[i];
                }
                else if (i > axes[last])
                {
                    inner *= dims[i];
                }
                else
                {
                    n *= dims[i];
                }
            }

            for (var i = axes[first]; i <= axes[last]; i++)
            {
                dims[i] = 1;
            }

            var y = Tensor.Empty(Shape.Wrap(first == 0 ? dims : (int[])dims.Clone()), x.DType);
            if (x.DType == DType.Float32)
            {
                ReduceAxis(current.Span<float>(), outer, n, inner, y.Span<float>(), max);
            }
            else
            {
                ReduceAxis(current.Span<double>(), outer, n, inner, y.Span<double>(), max);
            }

            current = y;
            last = first - 1;
        }

        return current == x ? Copy(x) : current;
    }

    /// <summary>A copy in a buffer of the current scope.</summary>
    public static Tensor Copy(Tensor x)
    {
        var y = Tensor.Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            x.Span<float>().CopyTo(y.Span<float>());
        }
        else
        {
            x.Span<double>().CopyTo(y.Span<double>());
        }

        return y;
    }

    private static void ReduceAxis<T>(ReadOnlySpan<T> x, int outer, int n, int inner, Span<T> y, bool max)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (max)
        {
            Reductions.MaxAxis(x, outer, n, inner, y);
        }
        else
        {
            Reductions.SumAxis(x, outer, n, inner, y);
        }
    }

    /// <summary>A copy with the axes reordered: output axis i is input axis perm[i].</summary>
    public static Tensor Permute(Tensor x, int[] perm)
    {
        var dims = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            dims[i] = x.Shape[perm[i]];
        }

        var y = Tensor.Empty(new Shape(dims), x.DType);
        if (x.DType == DType.Float32)
        {
            PermuteInto(x.Span<float>(), x.Shape, perm, y.Span<float>(), y.Shape);
        }
        else
        {
            PermuteInto(x.Span<double>(), x.Shape, perm, y.Span<double>(), y.Shape);
        }

        return y;
    }

    private static void PermuteInto<T>(ReadOnlySpan<T> x, Shape xShape, int[] perm, Span<T> y, Shape yShape)
        where T : unmanaged
    {
        if (y.Length == 0)
        {
            return;
        }

        var rank = perm.Length;
        var xStrides = xShape.Strides();
        var src = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            src[i] = xStrides[perm[i]];
        }

        if (rank == 2)
        {
            // Blocked transpose: both sides stay in cache.
            int rows = yShape[0], cols = yShape[1];
            const int Block = 32;
            for (var i0 = 0; i0 < rows; i0 += Block)
            {
                for (var j0 = 0; j0 < cols; j0 += Block)
                {
                    var iEnd = Math.Min(rows, i0 + Block);
                    var jEnd = Math.Min(cols, j0 + Block);
                    for (var i = i0; i < iEnd; i++)
                    {
                        for (var j = j0; j < jEnd; j++)
                        {
                            y[(i * cols) + j] = x[(i * src[0]) + (j * src[1])];
                        }
                    }
                }
            }

            return;
        }

        Span<int> index = stackalloc int[rank];
        var inner = yShape[rank - 1];
        var innerStride = src[rank - 1];
        var offset = 0;
        for (var r = 0; r < y.Length; r += inner)
        {
            var dst = y.Slice(r, inner);
            for (var j = 0; j < inner; j++)
            {
                dst[j] = x[offset + (j * innerStride)];
            }

            for (var axis = rank - 2; axis >= 0; axis--)
            {
                index[axis]++;
                offset += src[axis];
                if (index[axis] < yShape[axis])
                {
                    break;
                }

                offset -= src[axis] * index[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>Elements [start, start + length) along <paramref name="axis"/>.</summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        var dims = x.Shape.ToArray();
        dims[axis] = length;
        var y = Tensor.Empty(new Shape(dims), x.DType);
        var (outer, n, inner) = AroundAxis(x.Shape, axis);
        if (x.DType == DType.Float32)
        {
            CopyBlocks(x.Span<float>(), n * inner, start * inner, y.Span<float>(), length * inner, 0, length * inner, outer);
        }
        else
        {
            CopyBlocks(x.Span<double>(), n * inner, start * inner, y.Span<double>(), length * inner, 0, length * inner, outer);
        }

        return y;
    }

    /// <summary>Zeros of extent <paramref name="size"/> along <paramref name="axis"/> with x placed at <paramref name="start"/>.</summary>
    public static Tensor Pad(Tensor x, int axis, int start, int size)
    {
        var dims = x.Shape.ToArray();
        var length = dims[axis];
        dims[axis] = size;
        var y = Tensor.EmptyZeroed(new Shape(dims), x.DType);
        var (outer, _, inner) = AroundAxis(x.Shape, axis);
        if (x.DType == DType.Float32)
        {
            CopyBlocks(x.Span<float>(), length * inner, 0, y.Span<float>(), size * inner, start * inner, length * inner, outer);
        }
        else
        {
            CopyBlocks(x.Span<double>(), length * inner, 0, y.Span<double>(), size * inner, start * inner, length * inner, outer);
        }

        return y;
    }

    /// <summary>Joins tensors along <paramref name="axis"/>.</summary>
    public static Tensor Concat(Tensor[] parts, int axis)
    {
        var dims = parts[0].Shape.ToArray();
        dims[axis] = parts.Sum(p => p.Shape[axis]);
        var y = Tensor.Empty(new Shape(dims), parts[0].DType);
        var (outer, total, inner) = AroundAxis(y.Shape, axis);
        var at = 0;
        foreach (var p in parts)
        {
            var n = p.Shape[axis];
            if (y.DType == DType.Float32)
            {
                CopyBlocks(p.Span<float>(), n * inner, 0, y.Span<float>(), total * inner, at * inner, n * inner, outer);
            }
            else
            {
                CopyBlocks(p.Span<double>(), n * inner, 0, y.Span<double>(), total * inner, at * inner, n * inner, outer);
            }

            at += n;
        }

        return y;
    }

    /// <summary>y[…, start : start + length, …] += x along <paramref name="axis"/>, in place (x has the slice's shape).</summary>
    public static void AddIntoSlice(Tensor y, int axis, int start, Tensor x)
    {
        TensorChecks.SameDType("AddIntoSlice", y, x);
        var (outer, n, inner) = AroundAxis(y.Shape, axis);
        var length = x.Shape[axis];
        if (y.DType == DType.Float32)
        {
            AddBlocks(x.Span<float>(), y.Span<float>(), n * inner, start * inner, length * inner, outer);
        }
        else
        {
            AddBlocks(x.Span<double>(), y.Span<double>(), n * inner, start * inner, length * inner, outer);
        }
    }

    private static void AddBlocks<T>(ReadOnlySpan<T> src, Span<T> dst, int dstBlock, int dstAt, int count, int blocks)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (var o = 0; o < blocks; o++)
        {
            var d = dst.Slice((o * dstBlock) + dstAt, count);
            Elementwise.Binary(default(AddOperator<T>), d, src.Slice(o * count, count), d);
        }
    }

    private static void CopyBlocks<T>(ReadOnlySpan<T> src, int srcBlock, int srcAt, Span<T> dst, int dstBlock, int dstAt, int count, int blocks)
    {
        for (var o = 0; o < blocks; o++)
        {
            src.Slice((o * srcBlock) + srcAt, count).CopyTo(dst.Slice((o * dstBlock) + dstAt, count));
        }
    }

    /// <summary>y[o, j] = x[o, index[o, j], j] around <paramref name="axis"/>; the axis disappears.</summary>
    public static Tensor Gather(Tensor x, int axis, int[] index, Shape outShape)
    {
        var y = Tensor.Empty(outShape, x.DType);
        var (outer, n, inner) = AroundAxis(x.Shape, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                var k = index[(o * inner) + j];
                y.SetFlat((o * inner) + j, x.GetFlat((((o * n) + k) * inner) + j));
            }
        }

        return y;
    }

    /// <summary>The adjoint of <see cref="Gather"/>: zeros of <paramref name="shape"/> with g added at the gathered places.</summary>
    public static Tensor ScatterAdd(Tensor g, int axis, int[] index, Shape shape)
    {
        var y = Tensor.EmptyZeroed(shape, g.DType);
        var (outer, n, inner) = AroundAxis(shape, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                var at = (((o * n) + index[(o * inner) + j]) * inner) + j;
                y.SetFlat(at, y.GetFlat(at) + g.GetFlat((o * inner) + j));
            }
        }

        return y;
    }

    /// <summary>op(A)·op(B) for 2-D operands, or batch by batch for operands with equal leading (batch) axes.</summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transA, bool transB, Shape outShape, int m, int n, int k)
    {
        var y = Tensor.Empty(outShape, a.DType);
        MatMulInto(a, b, transA, transB, y, m, n, k, accumulate: false);
        return y;
    }

    /// <summary>
    /// y = op(a)·op(b), or y += op(a)·op(b) with <paramref name="accumulate"/>, for a y of the product's shape: how a rule
    /// whose operations nothing records writes into a buffer it owns, or adds a second product without an addition pass.
    /// </summary>
    public static void MatMulInto(Tensor a, Tensor b, bool transA, bool transB, Tensor y, bool accumulate)
    {
        var r = y.Rank;
        MatMulInto(a, b, transA, transB, y, y.Shape[r - 2], y.Shape[r - 1], transA ? a.Shape[r - 2] : a.Shape[r - 1], accumulate);
    }

    private static void MatMulInto(Tensor a, Tensor b, bool transA, bool transB, Tensor y, int m, int n, int k, bool accumulate)
    {
        var batch = y.Size == 0 ? 0 : y.Size / (m * n);
        for (var i = 0; i < batch; i++)
        {
            if (a.DType == DType.Float32)
            {
                Gemm.Multiply(a.Span<float>().Slice(i * m * k, m * k), b.Span<float>().Slice(i * k * n, k * n), y.Span<float>().Slice(i * m * n, m * n), m, n, k, transA, transB, accumulate);
            }
            else
            {
                Gemm.Multiply(a.Span<double>().Slice(i * m * k, m * k), b.Span<double>().Slice(i * k * n, k * n), y.Span<double>().Slice(i * m * n, m * n), m, n, k, transA, transB, accumulate);
            }
        }
    }
}
