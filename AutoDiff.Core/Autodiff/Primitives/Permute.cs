namespace AutoDiff.Autodiff.Primitives;

/// <summary>y = x with axes reordered (output axis i is input axis p[i]). JVP: permute ẋ. VJP: inverse permutation of g.</summary>
internal sealed class PermutePrimitive(int[] permutation) : Primitive
{
    public override string Name => "Permute";

    public override Tensor? Jvp(Tensor[] inputs, Tensor output, Tensor?[] tangents) => Ops.Permute(tangents[0]!, permutation);

    public override Tensor Vjp(Tensor[] inputs, Tensor output, Tensor cotangent, int index)
    {
        var inverse = new int[permutation.Length];
        for (var i = 0; i < permutation.Length; i++)
        {
            inverse[permutation[i]] = i;
        }

        return Ops.Permute(cotangent, inverse);
    }
}
