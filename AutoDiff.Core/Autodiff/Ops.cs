using AutoDiff.Autodiff;
using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

/// <summary>
/// The differentiable operations on tensors. Each primitive lives in its own file under Autodiff/Primitives with
/// its forward computation, JVP rule and VJP rule side by side; composite operations (softmax, mean, clamp, …)
/// are written with primitives and need no derivative code of their own.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// Finishes a primitive application: at every visible level, from the outermost in, gives the output its tangent
    /// (if an input has one there) by the JVP rule, and records it (if an input is tracked there). With no level
    /// visible, or no input carrying differentiation state, it does nothing.
    /// </summary>
    internal static Tensor Emit(Primitive primitive, Tensor output, params Tensor[] inputs)
    {
        if (Anomaly.Enabled)
        {
            Anomaly.Check("output", primitive, output, inputs);
        }

        if (Levels.Top is not { } top)
        {
            return output;
        }

        foreach (var input in inputs)
        {
            if (input.AutodiffState is not null)
            {
                ApplyLevels(primitive, output, inputs, top);
                break;
            }
        }

        return output;
    }

    /// <summary>Applies <paramref name="level"/> and the visible levels outside it, outermost first.</summary>
    private static void ApplyLevels(Primitive primitive, Tensor output, Tensor[] inputs, Level level)
    {
        // Outer levels first: a rule of this level may read the output, whose outer tangents must then exist.
        if (Levels.VisibleFrom(level.Outer) is { } outer)
        {
            ApplyLevels(primitive, output, inputs, outer);
        }

        if (level.IsReverse)
        {
            foreach (var input in inputs)
            {
                if (States.IsTracked(input, level))
                {
                    States.Add(output, level.Tape!.Add(primitive, inputs, output));
                    return;
                }
            }

            return;
        }

        Tensor?[]? tangents = null;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (States.Tangent(inputs[i], level) is { } t)
            {
                tangents ??= new Tensor?[inputs.Length];
                tangents[i] = t;
            }
        }

        if (tangents is null)
        {
            return;
        }

        Tensor? tangent;
        using (Levels.HideFrom(level))
        using (Anomaly.InRule())
        {
            tangent = primitive.Jvp(inputs, output, tangents);
        }

        if (tangent is null)
        {
            return;
        }

        if (tangent.Shape != output.Shape || tangent.DType != output.DType)
        {
            throw new InvalidOperationException(
                $"{primitive.Name}: the JVP rule gave a tangent of shape {tangent.Shape} ({tangent.DType}) for an output of shape {output.Shape} ({output.DType}).");
        }

        if (Anomaly.Enabled)
        {
            Anomaly.Check("tangent", primitive, tangent, inputs);
        }

        States.Add(output, new TangentEntry(level, tangent));
    }

    internal static void CheckSameShape(string op, Tensor a, Tensor b) => TensorChecks.SameShape(op, a, b);

    internal static void CheckSameDType(string op, Tensor a, Tensor b) => TensorChecks.SameDType(op, a, b);

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

    /// <summary>
    /// A view of x (same storage and shape) that every visible level sees as x: a transform marks it as its argument
    /// without touching x, and the enclosing levels still differentiate through it.
    /// </summary>
    internal static Tensor View(Tensor x) => Emit(ReshapePrimitive.Instance, x.ReshapeView(x.Shape), x);

    /// <summary>
    /// An unpooled copy of x that every visible level sees as x (its tangents copied too): how a transform hands back
    /// a result that its enclosing levels go on differentiating.
    /// </summary>
    internal static Tensor Copy(Tensor x) => Emit(CopyPrimitive.Instance, x.Clone(), x);

    /// <summary>A zero scalar of the given dtype (broadcasts anywhere).</summary>
    internal static Tensor ZeroScalar(DType dtype) => Tensor.Scalar(0, dtype);
}
