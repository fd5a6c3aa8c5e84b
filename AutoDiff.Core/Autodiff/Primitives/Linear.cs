using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = x·Wᵀ + b for x [N, in], W [out, in], b [out] (PyTorch's <c>addmm</c>): the bias rows are written first and
/// the product is accumulated onto them by the GEMM, so a layer is one pass and one tape node instead of a product
/// and a broadcast addition. Affine, so JVP: ẏ = ẋ·Wᵀ + x·Ẇᵀ + ḃ; VJP: x̄ = G·W, W̄ = Gᵀ·x, b̄ = Σᵢ Gᵢ (rows of G).
/// </summary>
internal sealed class LinearPrimitive : Primitive
{
    public static readonly LinearPrimitive Instance = new();

    public override string Name => "Linear";

    public static Tensor Forward(Tensor x, Tensor weight, Tensor bias)
    {
        Ops.CheckSameDType("Linear", x, weight);
        Ops.CheckSameDType("Linear", x, bias);
        if (x.Rank != 2 || weight.Rank != 2 || bias.Rank != 1 || x.Shape[1] != weight.Shape[1] || bias.Shape[0] != weight.Shape[0])
        {
            throw new ArgumentException(
                $"Linear: expected x [N, in], weight [out, in] and bias [out], got {x.Shape}, {weight.Shape} and {bias.Shape}.");
        }

        int n = x.Shape[0], inFeatures = x.Shape[1], outFeatures = weight.Shape[0];
        var y = Tensor.Empty(new Shape(n, outFeatures), x.DType);
        if (x.DType == DType.Float32)
        {
            Affine(x.Span<float>(), weight.Span<float>(), bias.Span<float>(), y.Span<float>(), n, outFeatures, inFeatures);
        }
        else
        {
            Affine(x.Span<double>(), weight.Span<double>(), bias.Span<double>(), y.Span<double>(), n, outFeatures, inFeatures);
        }

        return y;
    }

    private static void Affine<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y, int n, int outFeatures, int inFeatures)
        where T : unmanaged
    {
        for (var i = 0; i < n; i++)
        {
            bias.CopyTo(y.Slice(i * outFeatures, outFeatures));
        }

        Gemm.Multiply(x, weight, y, n, outFeatures, inFeatures, transA: false, transB: true, accumulate: true);
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
    {
        var (x, weight) = (inputs[0], inputs[1]);
        var (dx, dw, db) = (tangents[0], tangents[1], tangents[2]);
        if (Levels.Top is null && (dx is not null || dw is not null))
        {
            // Nothing records these operations (an HVP's tangent pass, a linearisation's replay): one affine map with
            // ḃ as its bias, and the other product added by the GEMM itself, with no separate passes.
            var (rows, columns) = dw is not null ? (x, dw) : (dx!, weight);
            var y = db is not null
                ? Forward(rows, columns, db)
                : TensorMath.MatMul(rows, columns, false, true, output.Shape, output.Shape[0], output.Shape[1], x.Shape[1]);
            if (dw is not null && dx is not null)
            {
                TensorMath.MatMulInto(dx, weight, false, true, y, accumulate: true);
            }

            return y;
        }

        var fromX = dx is not null ? Ops.MatMul(dx, weight, transB: true) : null;
        var fromW = dw is not null ? Ops.MatMul(x, dw, transB: true) : null;
        var product = Tangents.Add(fromX, fromW);
        return db is not null
            ? product is null ? Ops.BroadcastTo(db, output.Shape) : Ops.Add(product, db)
            : product;
    }

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor g, int index) => index switch
    {
        0 => Ops.MatMul(g, inputs[1]),
        1 => Ops.MatMul(g, inputs[0], transA: true),
        _ => Ops.Sum(g, [0]),
    };

    // The products accumulate in the GEMM; the bias sum is written only (adding it would round differently from Vjp's
    // sum followed by an addition, and accumulating gradients over batches is not the step that needs to be fast).
    internal override bool WritesVjp(int index, bool accumulate) => index < 2 || !accumulate;

    internal override void VjpInto(Tensor[] inputs, Tensor g, int index, Tensor destination, bool accumulate)
    {
        var (x, weight) = (inputs[0], inputs[1]);
        switch (index)
        {
            case 0:
                // x̄ [N, in] = G [N, out] · W [out, in]
                TensorMath.MatMulInto(g, weight, false, false, destination, accumulate);
                break;
            case 1:
                // W̄ [out, in] = Gᵀ · x, with G [N, out] read transposed
                TensorMath.MatMulInto(g, x, true, false, destination, accumulate);
                break;
            default:
                // b̄ [out] = Σᵢ Gᵢ, written (WritesVjp never asks to add it)
                int n = x.Shape[0], outFeatures = weight.Shape[0];
                if (g.DType == DType.Float32)
                {
                    Reductions.SumAxis(g.Span<float>(), 1, n, outFeatures, destination.Span<float>());
                }
                else
                {
                    Reductions.SumAxis(g.Span<double>(), 1, n, outFeatures, destination.Span<double>());
                }

                break;
        }
    }
}
