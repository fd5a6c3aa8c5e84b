using AutoDiff.Autodiff.Primitives;

namespace AutoDiff;

public static partial class Ops
{
    /// <summary>max(x, 0); relu′(0) = 0.</summary>
    public static Tensor Relu(Tensor x) => Emit(ReluPrimitive.Instance, ReluPrimitive.Forward(x), x);

    /// <summary>The fused ReLU gradient: g where x &gt; 0, else 0 (differentiable in g).</summary>
    internal static Tensor ReluBackward(Tensor x, Tensor g) => Emit(ReluBackwardPrimitive.Instance, ReluBackwardPrimitive.Forward(x, g), x, g);

    /// <summary>x where x &gt; 0, else slope·x (PyTorch's default slope is 0.01).</summary>
    public static Tensor LeakyRelu(Tensor x, double slope = 0.01)
        => Emit(new LeakyReluPrimitive(slope), LeakyReluPrimitive.Forward(x, slope), x);

    /// <summary>The fused leaky-ReLU gradient: g where x &gt; 0, else slope·g.</summary>
    internal static Tensor LeakyReluBackward(Tensor x, Tensor g, double slope)
        => Emit(new LeakyReluBackwardPrimitive(slope), LeakyReluBackwardPrimitive.Forward(x, g, slope), x, g);

    /// <summary>tanh x.</summary>
    public static Tensor Tanh(Tensor x) => Emit(TanhPrimitive.Instance, TanhPrimitive.Forward(x), x);

    /// <summary>σ(x) = 1/(1 + e⁻ˣ), stable for any x.</summary>
    public static Tensor Sigmoid(Tensor x) => Emit(SigmoidPrimitive.Instance, SigmoidPrimitive.Forward(x), x);

    /// <summary>The fused tanh gradient g·(1 − y²) for y = tanh x (a primitive with its own JVP and VJP rules).</summary>
    internal static Tensor TanhBackward(Tensor y, Tensor g) => Emit(TanhBackwardPrimitive.Instance, TanhBackwardPrimitive.Forward(y, g), y, g);

    /// <summary>The fused sigmoid gradient g·y(1 − y) for y = σ(x) (a primitive with its own JVP and VJP rules).</summary>
    internal static Tensor SigmoidBackward(Tensor y, Tensor g) => Emit(SigmoidBackwardPrimitive.Instance, SigmoidBackwardPrimitive.Forward(y, g), y, g);

    /// <summary>ln(1 + eˣ), stable for any x.</summary>
    public static Tensor Softplus(Tensor x) => Emit(SoftplusPrimitive.Instance, SoftplusPrimitive.Forward(x), x);

    /// <summary>The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt (double-precision accurate).</summary>
    public static Tensor Erf(Tensor x) => Emit(ErfPrimitive.Instance, ErfPrimitive.Forward(x), x);

    /// <summary>
    /// GELU: exactly ½x(1 + erf(x/√2)) by default, as PyTorch's <c>gelu</c>; with
    /// <paramref name="tanhApproximation"/>, ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (<c>approximate='tanh'</c>).
    /// </summary>
    public static Tensor Gelu(Tensor x, bool tanhApproximation = false)
    {
        if (!tanhApproximation)
        {
            return Mul(Mul(x, 0.5), Add(Erf(Mul(x, Math.Sqrt(0.5))), 1.0));
        }

        var inner = Mul(Add(x, Mul(Pow(x, 3), 0.044715)), Math.Sqrt(2 / Math.PI));
        return Mul(Mul(x, 0.5), Add(Tanh(inner), 1.0));
    }

    /// <summary>log Σ eˣ over <paramref name="axes"/> (all when null), stable for any finite input.</summary>
    public static Tensor LogSumExp(Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var a = NormalizeAxes(x.Shape, axes, "LogSumExp");
        return Emit(new LogSumExpPrimitive(a, keepDim), LogSumExpPrimitive.Forward(x, a, keepDim), x);
    }

    /// <summary>log softmax along <paramref name="axis"/>: x − logsumexp(x).</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
        => Sub(x, LogSumExp(x, [axis], keepDim: true));

    /// <summary>softmax along <paramref name="axis"/>: e^(x − logsumexp(x)), never overflowing.</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => Exp(LogSoftmax(x, axis));
}
