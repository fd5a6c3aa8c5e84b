namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = cond ≠ 0 ? a : b (broadcasting; cond is a constant mask). JVP: ẏ = where(cond, ȧ, ḃ).
/// VJP: ā = sumto(where(cond, g, 0)), b̄ = sumto(where(cond, 0, g)).
/// </summary>
internal sealed class WherePrimitive : Primitive
{
    public static readonly WherePrimitive Instance = new();

    public override string Name => "Where";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        if (tangents[1] is null && tangents[2] is null)
        {
            return null;
        }

        var zero = Ops.ZeroScalar(output.DType);
        return Tangents.Fit(Ops.Where(inputs[0], tangents[1] ?? zero, tangents[2] ?? zero), output.Shape);
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        if (index == 0)
        {
            return Ops.ZerosLike(inputs[0]);
        }

        var zero = Ops.ZeroScalar(output.DType);
        var g = index == 1 ? Ops.Where(inputs[0], cotangent, zero) : Ops.Where(inputs[0], zero, cotangent);
        return Ops.SumTo(g, inputs[index].Shape);
    }
}
