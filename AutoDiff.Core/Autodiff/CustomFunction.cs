using AutoDiff.Autodiff;
using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

/// <summary>
/// A differentiable function you define (like <c>jax.custom_jvp</c>/<c>custom_vjp</c> or
/// <c>torch.autograd.Function</c>): its forward computation on values, and its JVP rule, its VJP rule or both.
/// <see cref="Invoke"/> applies it like any primitive of <see cref="Ops"/>: it works in <c>Backward</c>, in every
/// transform of <see cref="AD"/> and in nested ones, since the rules are written with <see cref="Ops"/>.
/// <para>
/// Give one rule and the other is derived from it by a nested transform (the VJP by differentiating the JVP rule
/// with respect to its tangent, the JVP by differentiating the VJP rule with respect to its cotangent); give both
/// when you have a cheaper form. Check a new function with <c>GradCheck</c>, <c>JvpCheck</c> and <c>HvpCheck</c>,
/// which name the input whose derivative is wrong.
/// </para>
/// </summary>
/// <example>
/// <code>
/// // softplus(x) = log(1 + eˣ), with derivative σ(x).
/// var softplus = new CustomFunction("Softplus",
///     forward: xs =&gt; Ops.Log(Ops.Add(Ops.Exp(xs[0]), 1.0)),
///     jvp: (xs, y, dx) =&gt; Ops.Mul(Ops.Sigmoid(xs[0]), dx[0]!));
/// var g = AD.Grad(x =&gt; Ops.Sum(softplus.Invoke(x)), x0);
/// </code>
/// </example>
public sealed class CustomFunction
{
    private readonly Func<Tensor[], Tensor> _forward;
    private readonly CustomPrimitive _primitive;

    /// <summary>Defines the function.</summary>
    /// <param name="name">Its name, used in error messages and anomaly reports.</param>
    /// <param name="forward">
    /// The output from the inputs. It runs on values only (no transform sees the operations inside it), so it may
    /// use any operation, differentiable or not.
    /// </param>
    /// <param name="jvp">The forward-mode rule, or null to derive it from <paramref name="vjp"/>.</param>
    /// <param name="vjp">The reverse-mode rule, or null to derive it from <paramref name="jvp"/>.</param>
    public CustomFunction(string name, Func<Tensor[], Tensor> forward, JvpRule? jvp = null, VjpRule? vjp = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(forward);
        if (jvp is null && vjp is null)
        {
            throw new ArgumentException($"CustomFunction '{name}': give a JVP rule, a VJP rule or both.");
        }

        Name = name;
        _forward = forward;
        _primitive = new CustomPrimitive(name, jvp, vjp);
    }

    /// <summary>The function's name.</summary>
    public string Name { get; }

    /// <summary>Applies the function: computes the forward value and lets every active transform see it through the rules.</summary>
    /// <param name="inputs">The inputs (at least one).</param>
    /// <returns>The output.</returns>
    public Tensor Invoke(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0)
        {
            throw new ArgumentException($"CustomFunction '{Name}': no inputs.", nameof(inputs));
        }

        inputs = (Tensor[])inputs.Clone();
        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
        }

        Tensor output;
        using (Levels.HideAll())
        {
            output = _forward(inputs) ?? throw new InvalidOperationException($"CustomFunction '{Name}': the forward computation returned null.");
        }

        if (output.AutodiffState is not null || Array.IndexOf(inputs, output) >= 0)
        {
            // A fresh tensor object for the result, so its differentiation state is its own.
            output = output.ReshapeView(output.Shape);
        }

        return Ops.Emit(_primitive, output, inputs);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
