using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// The differentiable operations on tensors. Each primitive lives in its own file under Autodiff/Primitives with
/// its forward computation, JVP rule and VJP rule side by side; composite operations (softmax, mean, clamp, …)
/// are written with primitives and need no derivative code of their own.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// Finishes a primitive application: gives the output its tangent (if any input has one) by the JVP rule,
    /// and records it on the current tape (if any input is tracked).
    /// </summary>
    internal static Tensor Emit(Primitive primitive, Tensor output, params Tensor[] inputs)
    {
        if (Anomaly.Enabled)
        {
            Anomaly.Check("output", primitive, output, inputs);
        }

        if (Tape.TangentsEnabled)
        {
            Tensor?[]? tangents = null;
            for (var i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].Tangent is { } t)
                {
                    tangents ??= new Tensor?[inputs.Length];
                    tangents[i] = t;
                }
            }

            if (tangents is not null)
            {
                using (Tape.Suspend())
                using (Anomaly.InRule())
                {
                    output.Tangent = primitive.Jvp(inputs, output, tangents);
                }

                if (Anomaly.Enabled && output.Tangent is not null)
                {
                    Anomaly.Check("tangent", primitive, output.Tangent, inputs);
                }
            }
        }

        if (Tape.IsRecording)
        {
            foreach (var input in inputs)
            {
                if (input.RequiresGrad)
                {
                    output.MarkRecorded(Tape.Current!.Add(primitive, inputs, output));
                    break;
                }
            }
        }

        return output;
    }

    internal static void CheckSameShape(string op, Tensor a, Tensor b)
    {
        if (a.Shape != b.Shape)
        {
            throw new ArgumentException($"{op}: shapes {a.Shape} and {b.Shape} must be equal.");
        }
    }

    internal static void CheckSameDType(string op, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"{op}: dtypes {a.DType} and {b.DType} differ (shapes {a.Shape} and {b.Shape}); convert one with .To(DType).");
        }
    }

    /// <summary>Sorted, distinct, non-negative axes; all axes when <paramref name="axes"/> is null or empty.</summary>
    internal static int[] NormalizeAxes(Shape shape, int[]? axes, string op)
    {
        if (axes is null || axes.Length == 0)
        {
            return AllAxes(shape.Rank);
        }

        var result = new int[axes.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            result[i] = shape.NormalizeAxis(axes[i], op);
        }

        Array.Sort(result);
        for (var i = 1; i < result.Length; i++)
        {
            if (result[i] == result[i - 1])
            {
                throw new ArgumentException($"{op}: repeated axis in [{string.Join(", ", axes)}] for shape {shape}.");
            }
        }

        return result;
    }

    /// <summary>0, 1, …, rank − 1; shared arrays for small ranks (callers never write to them).</summary>
    private static int[] AllAxes(int rank)
        => rank < s_allAxes.Length ? s_allAxes[rank] : Enumerable.Range(0, rank).ToArray();

    private static readonly int[][] s_allAxes = Enumerable.Range(0, 9).Select(r => Enumerable.Range(0, r).ToArray()).ToArray();

    /// <summary>The shape after reducing <paramref name="axes"/>, kept as size 1 or removed.</summary>
    internal static Shape ReducedShape(Shape shape, int[] axes, bool keepDim)
    {
        var dims = new int[keepDim ? shape.Rank : shape.Rank - axes.Length];
        var at = 0;
        for (var i = 0; i < shape.Rank; i++)
        {
            if (Array.IndexOf(axes, i) < 0)
            {
                dims[at++] = shape[i];
            }
            else if (keepDim)
            {
                dims[at++] = 1;
            }
        }

        return Shape.Wrap(dims);
    }

    /// <summary>
    /// Sums <paramref name="g"/> down to <paramref name="shape"/>, undoing a NumPy broadcast: the one place where
    /// broadcast gradients are folded back to the source shape.
    /// </summary>
    public static Tensor SumTo(Tensor g, Shape shape)
    {
        if (g.Shape == shape)
        {
            return g;
        }

        var lead = g.Rank - shape.Rank;
        var axes = new List<int>();
        for (var i = 0; i < g.Rank; i++)
        {
            if (i < lead || (shape[i - lead] == 1 && g.Shape[i] != 1))
            {
                axes.Add(i);
            }
        }

        var summed = Sum(g, axes.ToArray(), keepDim: true);
        return summed.Shape == shape ? summed : Reshape(summed, shape);
    }

    /// <summary>A zero scalar of the given dtype (broadcasts anywhere).</summary>
    internal static Tensor ZeroScalar(DType dtype) => Tensor.Scalar(0, dtype);
}
