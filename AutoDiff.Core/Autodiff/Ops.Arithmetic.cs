using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

public static partial class Ops
{
    /// <summary>a + b, broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Emit(AddPrimitive.Instance, AddPrimitive.Forward(a, b), a, b);

    /// <summary>a − b, broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => Emit(SubtractPrimitive.Instance, SubtractPrimitive.Forward(a, b), a, b);

    /// <summary>a · b element-wise, broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => Emit(MultiplyPrimitive.Instance, MultiplyPrimitive.Forward(a, b), a, b);

    /// <summary>a / b element-wise, broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b) => Emit(DividePrimitive.Instance, DividePrimitive.Forward(a, b), a, b);

    /// <summary>a + s.</summary>
    public static Tensor Add(Tensor a, double s) => Add(a, Tensor.Scalar(s, a.DType));

    /// <summary>a − s.</summary>
    public static Tensor Sub(Tensor a, double s) => Sub(a, Tensor.Scalar(s, a.DType));

    /// <summary>s − a.</summary>
    public static Tensor Sub(double s, Tensor a) => Sub(Tensor.Scalar(s, a.DType), a);

    /// <summary>a · s.</summary>
    public static Tensor Mul(Tensor a, double s) => Mul(a, Tensor.Scalar(s, a.DType));

    /// <summary>a / s.</summary>
    public static Tensor Div(Tensor a, double s) => Div(a, Tensor.Scalar(s, a.DType));

    /// <summary>s / a.</summary>
    public static Tensor Div(double s, Tensor a) => Div(Tensor.Scalar(s, a.DType), a);

    /// <summary>−x.</summary>
    public static Tensor Neg(Tensor x) => Emit(NegatePrimitive.Instance, NegatePrimitive.Forward(x), x);

    /// <summary>xᵖ for a scalar exponent (x &gt; 0 unless p is an integer).</summary>
    public static Tensor Pow(Tensor x, double p) => Emit(new PowPrimitive(p), PowPrimitive.Forward(x, p), x);

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) => Mul(x, x);

    /// <summary>eˣ.</summary>
    public static Tensor Exp(Tensor x) => Emit(ExpPrimitive.Instance, ExpPrimitive.Forward(x), x);

    /// <summary>ln x.</summary>
    public static Tensor Log(Tensor x) => Emit(LogPrimitive.Instance, LogPrimitive.Forward(x), x);

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x) => Emit(SqrtPrimitive.Instance, SqrtPrimitive.Forward(x), x);

    /// <summary>|x| (its derivative at 0 is taken as 0).</summary>
    public static Tensor Abs(Tensor x) => Emit(AbsPrimitive.Instance, AbsPrimitive.Forward(x), x);

    /// <summary>cond ≠ 0 ? a : b, element-wise with broadcasting; <paramref name="cond"/> is a constant 0/1 mask.</summary>
    public static Tensor Where(Tensor cond, Tensor a, Tensor b)
        => Emit(WherePrimitive.Instance, TensorMath.Where(cond, a, b), cond, a, b);

    /// <summary>The larger of a and b element-wise (the gradient goes to a on ties).</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Where(GreaterEqualMask(a, b), a, b);

    /// <summary>The smaller of a and b element-wise (the gradient goes to a on ties).</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Where(GreaterEqualMask(b, a), a, b);

    /// <summary>x limited to [min, max]; the gradient is 1 inside the closed interval and 0 outside, as in PyTorch.</summary>
    public static Tensor Clamp(Tensor x, double min, double max)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clamp: min {min} is greater than max {max}.");
        }

        return Minimum(Maximum(x, Tensor.Scalar(min, x.DType)), Tensor.Scalar(max, x.DType));
    }

    /// <summary>A copy converted to <paramref name="dtype"/>; gradients flow back in the source dtype.</summary>
    public static Tensor Cast(Tensor x, DType dtype) => Emit(new CastPrimitive(dtype), TensorMath.Cast(x, dtype), x);

    /// <summary>Zeros with the shape and dtype of <paramref name="x"/> (a constant).</summary>
    public static Tensor ZerosLike(Tensor x) => Tensor.EmptyZeroed(x.Shape, x.DType);

    /// <summary>Ones with the shape and dtype of <paramref name="x"/> (a constant).</summary>
    public static Tensor OnesLike(Tensor x) => Tensor.Ones(x.Shape, x.DType);
}
