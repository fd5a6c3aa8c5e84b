using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

public static partial class Ops
{
    /// <summary>
    /// The matrix product op(a)·op(b), where op transposes when the flag is set (no copy is made). Operands may be
    /// 2-D, batched with equal leading axes, an N-D <paramref name="a"/> against a 2-D <paramref name="b"/>
    /// (a weight shared by every row), or 1-D vectors (as in <c>torch.matmul</c>).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transA = false, bool transB = false)
    {
        if (a.Rank == 1 && !transA)
        {
            return Squeeze(MatMul(Unsqueeze(a, 0), b, false, transB), -2);
        }

        if (b.Rank == 1 && !transB)
        {
            return Squeeze(MatMul(a, Unsqueeze(b, 1), transA, false), -1);
        }

        if (a.Rank > 2 && b.Rank == 2 && !transA)
        {
            var lead = a.Shape.ToArray()[..^1];
            var flat = MatMul(Reshape(a, -1, a.Shape[^1]), b, false, transB);
            return Reshape(flat, [.. lead, flat.Shape[1]]);
        }

        return Emit(new MatMulPrimitive(transA, transB), MatMulPrimitive.Forward(a, b, transA, transB), a, b);
    }

    /// <summary>
    /// The affine map x·Wᵀ + b of a linear layer for x [N, in], weight [out, in] and bias [out], as one fused
    /// primitive (PyTorch's <c>addmm</c>): the GEMM accumulates onto the bias rows.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor bias)
        => Emit(LinearPrimitive.Instance, LinearPrimitive.Forward(x, weight, bias), x, weight, bias);
}
