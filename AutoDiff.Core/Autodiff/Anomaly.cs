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
    private static ScopeStack t_scopes;

    [ThreadStatic]
    private static int t_ruleDepth;

    /// <summary>Whether detection is on for this thread.</summary>
    public static bool Enabled => t_scopes.Depth > 0;

    /// <summary>
    /// Turns detection on until the returned scope is disposed. Disposing the scope twice does nothing; disposing it
    /// while a Detect scope opened inside it is still open throws.
    /// </summary>
    public static Scope Detect() => new(t_scopes.Push());

    /// <summary>Ends an anomaly-detection scope.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ScopeToken _token;

        internal Scope(ScopeToken token) => _token = token;

        /// <summary>Turns detection back off (unless an outer scope is still open); a second call does nothing.</summary>
        public void Dispose() => t_scopes.Pop(_token, "Anomaly.Detect");
    }

    /// <summary>
    /// Marks a derivative rule as running until disposed: the primitives it is written with are not checked one by
    /// one, so that a non-finite tangent is blamed on the primitive whose rule produced it, not on an inner Div.
    /// </summary>
    internal static RuleScope InRule()
    {
        t_ruleDepth++;
        return default;
    }

    /// <summary>Ends a <see cref="InRule"/> scope.</summary>
    internal readonly struct RuleScope : IDisposable
    {
        public void Dispose() => t_ruleDepth--;
    }

    internal static void Check(string what, Primitive primitive, Tensor result, Tensor[] inputs)
    {
        if (t_ruleDepth > 0)
        {
            return;
        }

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
