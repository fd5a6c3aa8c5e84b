using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// Anomaly detection: while enabled (on this thread), every primitive checks its output, its tangent and the
/// cotangents it produces, and throws at the first NaN or infinity, naming the primitive and its input shapes.
/// It costs a pass over every result, so enable it to debug, not to train.
/// </summary>
public static class Anomaly
{
    [ThreadStatic]
    private static int t_depth;

    /// <summary>Whether detection is on for this thread.</summary>
    public static bool Enabled => t_depth > 0;

    /// <summary>Turns detection on until the returned scope is disposed.</summary>
    public static Scope Detect()
    {
        t_depth++;
        return new Scope();
    }

    /// <summary>Ends an anomaly-detection scope.</summary>
    public readonly struct Scope : IDisposable
    {
        /// <summary>Turns detection back off (unless an outer scope is still open).</summary>
        public void Dispose() => t_depth--;
    }

    internal static void Check(string what, Primitive primitive, Tensor result, Tensor[] inputs)
    {
        var bad = FirstNonFinite(result);
        if (bad < 0)
        {
            return;
        }

        var shapes = string.Join(", ", inputs.Select(i => i.Shape.ToString()));
        throw new ArithmeticException(
            $"Anomaly: {primitive.Name} produced {result.GetFlat(bad)} in its {what} at flat index {bad} " +
            $"(output shape {result.Shape}, input shapes {shapes}).");
    }

    private static int FirstNonFinite(Tensor t)
    {
        for (var i = 0; i < t.Size; i++)
        {
            if (!double.IsFinite(t.GetFlat(i)))
            {
                return i;
            }
        }

        return -1;
    }
}
