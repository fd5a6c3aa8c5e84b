using AutoDiff.Autodiff;

namespace AutoDiff.Tests.Checking;

/// <summary>
/// y = x² with a correct JVP rule (ẏ = 2xẋ) and a deliberately wrong VJP rule (x̄ = 3x·g), so that checks have a
/// derivative to catch.
/// </summary>
internal sealed class WrongSquarePrimitive : Primitive
{
    public static readonly WrongSquarePrimitive Instance = new();

    public override string Name => "WrongSquare";

    public static Tensor Apply(Tensor x)
    {
        var y = x.Clone();
        for (var i = 0; i < y.Size; i++)
        {
            y.SetFlat(i, x.GetFlat(i) * x.GetFlat(i));
        }

        return Ops.Emit(Instance, y, x);
    }

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents)
        => Ops.Mul(Ops.Mul(inputs[0], 2.0), tangents[0]!);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
        => Ops.Mul(Ops.Mul(inputs[0], 3.0), cotangent);
}
