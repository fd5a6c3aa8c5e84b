namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// The primitive behind a <see cref="CustomFunction"/>: the user's rules, or one derived from the other. Both rules
/// are linear in their tangent/cotangent, so with J the Jacobian of input k,
/// JVP from VJP: J·ṫ = ∇ᵤ Σₖ ⟨vjpₖ(u), ṫₖ⟩ (at u = 0); VJP from JVP: x̄ₖ = the VJP of ṫₖ ↦ jvp(ṫₖ) applied to g.
/// Both are nested transforms inside a rule, so they nest further in turn.
/// </summary>
internal sealed class CustomPrimitive(string name, JvpRule? jvp, VjpRule? vjp) : Primitive
{
    public override string Name => name;

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        if (jvp is not null)
        {
            return jvp(inputs, output, tangents);
        }

        Tensor Pairing(Tensor u)
        {
            Tensor? sum = null;
            for (var k = 0; k < inputs.Length; k++)
            {
                if (tangents[k] is { } t)
                {
                    var term = Ops.Sum(Ops.Mul(Checked(vjp!(inputs, output, u, k), inputs[k], "VJP"), t));
                    sum = sum is null ? term : Ops.Add(sum, term);
                }
            }

            return sum!;
        }

        return AD.Grad(Pairing, Tensor.Zeros(output.Shape, output.DType));
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        if (vjp is not null)
        {
            return vjp(inputs, output, cotangent, index);
        }

        Tensor Rule(Tensor t)
        {
            var tangents = new Tensor?[inputs.Length];
            tangents[index] = t;
            return jvp!(inputs, output, tangents) is { } y ? Checked(y, output, "JVP") : Ops.Mul(t.Sum(), Tensor.Zeros(output.Shape, output.DType));
        }

        return AD.Vjp(Rule, Tensor.Zeros(inputs[index].Shape, inputs[index].DType), cotangent).Cotangent;
    }

    private Tensor Checked(Tensor t, Tensor like, string rule)
        => t.Shape == like.Shape && t.DType == like.DType
            ? t
            : throw new InvalidOperationException($"{name}: the {rule} rule gave shape {t.Shape} ({t.DType}) where {like.Shape} ({like.DType}) was expected.");
}
