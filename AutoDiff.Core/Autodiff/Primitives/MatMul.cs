namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// C = op(A)·op(B), where op transposes an operand without materialising it. Bilinear, so
/// JVP: Ċ = op(Ȧ)·op(B) + op(A)·op(Ḃ); VJP (for op = identity): Ā = G·Bᵀ, B̄ = Aᵀ·G, each again a MatMul with
/// transpose flags, so backward never copies a transpose. Operands are 2-D or share equal leading batch axes.
/// </summary>
internal sealed class MatMulPrimitive(bool transA, bool transB) : Primitive
{
    public override string Name => "MatMul";

    public static Tensor Forward(Tensor a, Tensor b, bool transA, bool transB)
    {
        Ops.CheckSameDType("MatMul", a, b);
        if (a.Rank < 2 || a.Rank != b.Rank)
        {
            throw new ArgumentException($"MatMul: operands must both be 2-D or batched with equal rank, got {a.Shape} and {b.Shape}.");
        }

        var r = a.Rank;
        for (var i = 0; i < r - 2; i++)
        {
            if (a.Shape[i] != b.Shape[i])
            {
                throw new ArgumentException($"MatMul: batch axes of {a.Shape} and {b.Shape} differ.");
            }
        }

        var m = transA ? a.Shape[r - 1] : a.Shape[r - 2];
        var k = transA ? a.Shape[r - 2] : a.Shape[r - 1];
        var kb = transB ? b.Shape[r - 1] : b.Shape[r - 2];
        var n = transB ? b.Shape[r - 2] : b.Shape[r - 1];
        if (k != kb)
        {
            throw new ArgumentException(
                $"MatMul: inner dimensions differ: {(transA ? "Aᵀ" : "A")} {a.Shape} has {k} columns, {(transB ? "Bᵀ" : "B")} {b.Shape} has {kb} rows.");
        }

        var dims = a.Shape.ToArray();
        dims[r - 2] = m;
        dims[r - 1] = n;
        return TensorMath.MatMul(a, b, transA, transB, new Shape(dims), m, n, k);
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        if (Levels.Top is null)
        {
            // Nothing records these operations (an HVP's tangent pass, a linearisation's replay): the GEMM adds
            // op(A)·op(Ḃ) into the fresh first product, instead of a second product and a pass adding the two.
            var y = Tensor.Empty(output.Shape, output.DType);
            JvpInto(inputs, output, tangents, y);
            return y;
        }

        var da = tangents[0] is { } ta ? Ops.MatMul(ta, inputs[1], transA, transB) : null;
        var db = tangents[1] is { } tb ? Ops.MatMul(inputs[0], tb, transA, transB) : null;
        return Tangents.Add(da, db);
    }

    internal override bool JvpInto(Tensor[] inputs, Tensor output, Tensor?[] tangents, Tensor destination)
    {
        if (Levels.Top is not null || destination.Shape != output.Shape || destination.DType != output.DType)
        {
            return false;
        }

        var (ta, tb) = (tangents[0], tangents[1]);
        if (ta is null)
        {
            TensorMath.MatMulInto(inputs[0], tb!, transA, transB, destination, accumulate: false);
            return true;
        }

        TensorMath.MatMulInto(ta, inputs[1], transA, transB, destination, accumulate: false);
        if (tb is not null)
        {
            TensorMath.MatMulInto(inputs[0], tb, transA, transB, destination, accumulate: true);
        }

        return true;
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor g, int index)
    {
        var a = inputs[0];
        var b = inputs[1];
        if (index == 0)
        {
            return transA ? Ops.MatMul(b, g, transB, true) : Ops.MatMul(g, b, false, !transB);
        }

        return transB ? Ops.MatMul(g, a, true, transA) : Ops.MatMul(a, g, !transA, false);
    }
}
