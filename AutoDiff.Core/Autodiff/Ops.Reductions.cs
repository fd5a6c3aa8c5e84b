using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

public static partial class Ops
{
    /// <summary>Σ x over <paramref name="axes"/> (all axes when null), keeping them as size 1 when asked.</summary>
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var a = NormalizeAxes(x.Shape, axes, "Sum");
        return Emit(new SumPrimitive(a, keepDim), SumPrimitive.Forward(x, a, keepDim), x);
    }

    /// <summary>The mean over <paramref name="axes"/> (all axes when null).</summary>
    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var a = NormalizeAxes(x.Shape, axes, "Mean");
        var count = 1;
        foreach (var axis in a)
        {
            count *= x.Shape[axis];
        }

        return Div(Sum(x, a, keepDim), count);
    }

    /// <summary>The maximum over <paramref name="axes"/> (all when null); tied maxima share the gradient.</summary>
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var a = NormalizeAxes(x.Shape, axes, "Max");
        return Emit(new MaxPrimitive(a, keepDim), MaxPrimitive.Forward(x, a, keepDim), x);
    }

    /// <summary>The minimum over <paramref name="axes"/>: −max(−x).</summary>
    public static Tensor Min(Tensor x, int[]? axes = null, bool keepDim = false) => Neg(Max(Neg(x), axes, keepDim));

    /// <summary>The (biased) variance over <paramref name="axes"/>.</summary>
    public static Tensor Variance(Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var centred = Sub(x, Mean(x, axes, keepDim: true));
        return Mean(Mul(centred, centred), axes, keepDim);
    }

    /// <summary>Σ a·b over all elements (shapes must match).</summary>
    public static Tensor Dot(Tensor a, Tensor b)
    {
        CheckSameShape("Dot", a, b);
        return Sum(Mul(a, b));
    }
}
