using AutoDiff.Kernels;

namespace AutoDiff;

public static partial class Ops
{
    /// <summary>1 where a &gt; b, else 0 (a constant: not differentiated).</summary>
    public static Tensor GreaterMask(Tensor a, Tensor b)
        => TensorMath.Binary("GreaterMask", a, b, default(GreaterMaskOperator<float>), default(GreaterMaskOperator<double>));

    /// <summary>1 where a ≥ b, else 0 (a constant).</summary>
    public static Tensor GreaterEqualMask(Tensor a, Tensor b)
        => TensorMath.Binary("GreaterEqualMask", a, b, default(GreaterEqualMaskOperator<float>), default(GreaterEqualMaskOperator<double>));

    /// <summary>1 where a = b, else 0 (a constant).</summary>
    public static Tensor EqualMask(Tensor a, Tensor b)
        => TensorMath.Binary("EqualMask", a, b, default(EqualMaskOperator<float>), default(EqualMaskOperator<double>));

    /// <summary>sign(x) ∈ {−1, 0, 1} (a constant).</summary>
    public static Tensor Sign(Tensor x) => TensorMath.Unary(x, default(SignOperator<float>), default(SignOperator<double>));

    /// <summary>The index of the largest entry along the last axis, for each row (ties: the first).</summary>
    public static int[] ArgMax(Tensor x)
    {
        if (x.Rank == 0 || x.Shape[^1] == 0)
        {
            throw new ArgumentException($"ArgMax: needs a non-empty last axis, got {x.Shape}.");
        }

        var n = x.Shape[^1];
        var rows = x.Size / n;
        var result = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var best = 0;
            for (var j = 1; j < n; j++)
            {
                if (x.GetFlat((r * n) + j) > x.GetFlat((r * n) + best))
                {
                    best = j;
                }
            }

            result[r] = best;
        }

        return result;
    }
}
