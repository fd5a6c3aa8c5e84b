using AutoDiff.Autodiff;
using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

public static partial class Ops
{
    /// <summary>The same elements with a new shape of equal size; one dimension may be −1 (inferred).</summary>
    public static Tensor Reshape(Tensor x, Shape shape)
    {
        var resolved = ResolveReshape(x.Shape, shape);
        return resolved == x.Shape && !States.HasOpenLevelState(x)
            ? x
            : Emit(ReshapePrimitive.Instance, x.ReshapeView(resolved), x);
    }

    /// <summary>The same elements with a new shape; one dimension may be −1.</summary>
    public static Tensor Reshape(Tensor x, params int[] dims) => Reshape(x, ResolveReshape(x.Shape, dims));

    private static Shape ResolveReshape(Shape from, IReadOnlyList<int> dims)
    {
        var result = dims.ToArray();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException($"Reshape: only one dimension may be -1 in [{string.Join(", ", dims)}].");
                }

                infer = i;
            }
            else if (result[i] < 0)
            {
                throw new ArgumentException($"Reshape: invalid dimension {result[i]} in [{string.Join(", ", dims)}].");
            }
            else
            {
                known *= result[i];
            }
        }

        if (infer >= 0)
        {
            if (known == 0 || from.Size % known != 0)
            {
                throw new ArgumentException($"Reshape: cannot infer -1 in [{string.Join(", ", dims)}] for shape {from} ({from.Size} elements).");
            }

            result[infer] = (int)(from.Size / known);
            known *= result[infer];
        }

        if (known != from.Size)
        {
            throw new ArgumentException($"Reshape: cannot reshape {from} ({from.Size} elements) to [{string.Join(", ", dims)}] ({known} elements).");
        }

        return new Shape(result);
    }

    /// <summary>x broadcast to <paramref name="shape"/> (NumPy rules); the gradient sums back.</summary>
    public static Tensor BroadcastTo(Tensor x, Shape shape)
        => x.Shape == shape ? x : Emit(BroadcastToPrimitive.Instance, BroadcastToPrimitive.Forward(x, shape), x);

    /// <summary>x with its axes reordered: output axis i is input axis <paramref name="permutation"/>[i].</summary>
    public static Tensor Permute(Tensor x, params int[] permutation)
    {
        if (permutation.Length != x.Rank || permutation.Select(p => x.Shape.NormalizeAxis(p, "Permute")).Distinct().Count() != x.Rank)
        {
            throw new ArgumentException($"Permute: [{string.Join(", ", permutation)}] is not a permutation of the axes of {x.Shape}.");
        }

        var perm = permutation.Select(p => x.Shape.NormalizeAxis(p, "Permute")).ToArray();
        return Emit(new PermutePrimitive(perm), TensorMath.Permute(x, perm), x);
    }

    /// <summary>x with two axes swapped (the last two by default).</summary>
    public static Tensor Transpose(Tensor x, int axis0 = -2, int axis1 = -1)
    {
        var a0 = x.Shape.NormalizeAxis(axis0, "Transpose");
        var a1 = x.Shape.NormalizeAxis(axis1, "Transpose");
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        (perm[a0], perm[a1]) = (perm[a1], perm[a0]);
        return Permute(x, perm);
    }

    /// <summary>Elements [start, start + length) along <paramref name="axis"/>.</summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        var a = x.Shape.NormalizeAxis(axis, "Slice");
        if (start < 0 || length < 0 || start + length > x.Shape[a])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {start + length}) is outside axis {a} of shape {x.Shape}.");
        }

        return Emit(new SlicePrimitive(a, start, length), TensorMath.Slice(x, a, start, length), x);
    }

    /// <summary>Zeros of extent <paramref name="size"/> along <paramref name="axis"/> with x placed at <paramref name="start"/>.</summary>
    public static Tensor Pad(Tensor x, int axis, int start, int size)
    {
        var a = x.Shape.NormalizeAxis(axis, "Pad");
        if (start < 0 || start + x.Shape[a] > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Pad: {x.Shape[a]} elements at {start} do not fit in {size} along axis {a}.");
        }

        return Emit(new PadPrimitive(a, start, size), TensorMath.Pad(x, a, start, size), x);
    }

    /// <summary>The tensors joined along <paramref name="axis"/>; other axes must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts, int axis = 0)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("Concat: no tensors given.");
        }

        var first = parts[0];
        var a = first.Shape.NormalizeAxis(axis, "Concat");
        foreach (var p in parts)
        {
            CheckSameDType("Concat", first, p);
            var ok = p.Rank == first.Rank;
            for (var i = 0; ok && i < p.Rank; i++)
            {
                ok = i == a || p.Shape[i] == first.Shape[i];
            }

            if (!ok)
            {
                throw new ArgumentException($"Concat: shapes {first.Shape} and {p.Shape} differ outside axis {a}.");
            }
        }

        var inputs = parts.ToArray();
        return Emit(new ConcatPrimitive(a), TensorMath.Concat(inputs, a), inputs);
    }

    /// <summary>The tensors (of equal shape) stacked along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> parts, int axis = 0)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("Stack: no tensors given.");
        }

        var rank = parts[0].Rank + 1;
        var a = axis < 0 ? axis + rank : axis;
        return Concat(parts.Select(p => Unsqueeze(p, a)).ToArray(), a);
    }

    /// <summary>x with a size-1 axis inserted at <paramref name="axis"/>.</summary>
    public static Tensor Unsqueeze(Tensor x, int axis)
    {
        var a = axis < 0 ? axis + x.Rank + 1 : axis;
        if (a < 0 || a > x.Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Unsqueeze: axis {axis} out of range for shape {x.Shape}.");
        }

        var dims = x.Shape.ToList();
        dims.Insert(a, 1);
        return Reshape(x, dims.ToArray());
    }

    /// <summary>x with the size-1 axis <paramref name="axis"/> removed.</summary>
    public static Tensor Squeeze(Tensor x, int axis)
    {
        var a = x.Shape.NormalizeAxis(axis, "Squeeze");
        if (x.Shape[a] != 1)
        {
            throw new ArgumentException($"Squeeze: axis {a} of shape {x.Shape} has size {x.Shape[a]}, not 1.");
        }

        var dims = x.Shape.ToList();
        dims.RemoveAt(a);
        return Reshape(x, dims.ToArray());
    }

    /// <summary>x reshaped to [first axis, everything else].</summary>
    public static Tensor Flatten(Tensor x) => Reshape(x, x.Rank == 0 ? 1 : x.Shape[0], -1);

    /// <summary>
    /// For every position of the other axes, the entry at the given index along <paramref name="axis"/>, which is
    /// removed: with logits [N, C] and labels [N], <c>Gather(logits, 1, labels)</c> is each row's score of its label.
    /// </summary>
    public static Tensor Gather(Tensor x, int axis, int[] index)
    {
        var a = x.Shape.NormalizeAxis(axis, "Gather");
        var outShape = ReducedShape(x.Shape, [a], keepDim: false);
        if (index.Length != outShape.Size)
        {
            throw new ArgumentException($"Gather: {index.Length} indices for {outShape.Size} positions (shape {x.Shape}, axis {a}).");
        }

        var n = x.Shape[a];
        for (var i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Gather: index {index[i]} at position {i} is out of range [0, {n}) for axis {a} of shape {x.Shape}.");
            }
        }

        return Emit(new GatherPrimitive(a, index), TensorMath.Gather(x, a, index, outShape), x);
    }

    /// <summary>The adjoint of <see cref="Gather"/>: zeros of <paramref name="shape"/> with g added at the indexed places.</summary>
    public static Tensor ScatterAdd(Tensor g, int axis, int[] index, Shape shape)
    {
        var a = shape.NormalizeAxis(axis, "ScatterAdd");
        var expected = ReducedShape(shape, [a], keepDim: false);
        if (g.Shape != expected || index.Length != g.Size)
        {
            throw new ArgumentException($"ScatterAdd: values {g.Shape} and {index.Length} indices do not fit shape {shape} at axis {a}.");
        }

        return Emit(new ScatterAddPrimitive(a, index, shape), TensorMath.ScatterAdd(g, a, index, shape), g);
    }
}
