using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>
/// y = max(x, 0). JVP: ẏ = relu′(x)·ẋ. VJP: x̄ = relu′(x)·g, both through the fused <see cref="ReluBackwardPrimitive"/>;
/// relu′(0) = 0, as in PyTorch (a max(x, 0) built from a generic maximum would send half the gradient at ties).
/// </summary>
internal sealed class ReluPrimitive : Primitive
{
    public static readonly ReluPrimitive Instance = new();

    public override string Name => "Relu";

    public static Tensor Forward(Tensor x)
        => TensorMath.Unary(x, default(ReluOperator<float>), default(ReluOperator<double>));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.ReluBackward(inputs[0], tangents[0]!);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.ReluBackward(inputs[0], cotangent);
}

/// <summary>
/// The fused ReLU gradient r(x, g) = g where x &gt; 0, else 0. It is linear in g and piecewise constant in x, so
/// JVP: ṙ = r(x, ġ); VJP: ḡ = r(x, c), x̄ = 0.
/// </summary>
internal sealed class ReluBackwardPrimitive : Primitive
{
    public static readonly ReluBackwardPrimitive Instance = new();

    public override string Name => "ReluBackward";

    public static Tensor Forward(Tensor x, Tensor g)
    {
        Ops.CheckSameShape("ReluBackward", x, g);
        return TensorMath.Binary("ReluBackward", x, g, default(ReluBackwardOperator<float>), default(ReluBackwardOperator<double>));
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => tangents[1] is { } dg ? Ops.ReluBackward(inputs[0], dg) : null;

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => index == 1 ? Ops.ReluBackward(inputs[0], cotangent) : Ops.ZerosLike(inputs[0]);
}
