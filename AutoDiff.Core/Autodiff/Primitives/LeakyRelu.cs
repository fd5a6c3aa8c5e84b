using AutoDiff.Kernels;

namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = x where x &gt; 0, else a·x. JVP and VJP through the fused <see cref="LeakyReluBackwardPrimitive"/>.</summary>
internal sealed class LeakyReluPrimitive(double slope) : Primitive
{
    public double Slope { get; } = slope;

    public override string Name => "LeakyRelu";

    public static Tensor Forward(Tensor x, double slope)
        => TensorMath.Unary(x, new LeakyReluOperator<float>((float)slope), new LeakyReluOperator<double>(slope));

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.LeakyReluBackward(inputs[0], tangents[0]!, Slope);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index) => Ops.LeakyReluBackward(inputs[0], cotangent, Slope);
}

/// <summary>r(x, g) = g where x &gt; 0, else a·g: linear in g, so JVP: ṙ = r(x, ġ); VJP: ḡ = r(x, c), x̄ = 0.</summary>
internal sealed class LeakyReluBackwardPrimitive(double slope) : Primitive
{
    public double Slope { get; } = slope;

    public override string Name => "LeakyReluBackward";

    public static Tensor Forward(Tensor x, Tensor g, double slope)
    {
        Ops.CheckSameShape("LeakyReluBackward", x, g);
        return TensorMath.Binary("LeakyReluBackward", x, g, new LeakyReluBackwardOperator<float>((float)slope), new LeakyReluBackwardOperator<double>(slope));
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => tangents[1] is { } dg ? Ops.LeakyReluBackward(inputs[0], dg, Slope) : null;

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => index == 1 ? Ops.LeakyReluBackward(inputs[0], cotangent, Slope) : Ops.ZerosLike(inputs[0]);
}
