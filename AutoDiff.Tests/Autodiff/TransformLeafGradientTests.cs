namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// A transform's leaf adopts its first cotangent without a copy and adds later ones out of place: a cotangent that
/// several branches share (x + x hands the same tensor to both inputs) must not be changed by the accumulation.
/// </summary>
public sealed class TransformLeafGradientTests
{
    [Fact]
    public void Grad_SameCotangentReachesTheLeafTwice_IsSummedOnce()
    {
        var x = Tensor.FromArray([1.0, -2.0, 3.0]);
        var g = AD.Grad(t => Ops.Sum(Ops.Add(t, t)), x);
        Assert.Equal([2.0, 2.0, 2.0], g.ToArray());
    }

    [Fact]
    public void Grad_AdoptedCotangentStillPendingElsewhere_IsNotOverwritten()
    {
        // x + h hands one cotangent to the leaf x and to h = eˣ; the product x·x adds into x's gradient before h's
        // rule reads that same cotangent, so adding in place into the adopted tensor would corrupt h's share.
        // f = Σ (x + eˣ + x²): ∇f = 1 + eˣ + 2x.
        var x = Tensor.FromArray([0.5, -1.0, 2.0]);
        static Tensor F(Tensor t)
        {
            var h = Ops.Exp(t);
            var m = Ops.Mul(t, t);
            var a = Ops.Add(t, h);
            return Ops.Sum(Ops.Add(a, m));
        }

        var g = AD.Grad(F, x);
        for (var i = 0; i < 3; i++)
        {
            var xi = x.GetFlat(i);
            Assert.Equal(1 + Math.Exp(xi) + (2 * xi), g.GetFlat(i), 12);
        }
    }

    [Fact]
    public void Hvp_LeafUsedInSeveralBranches_MatchesTheClosedForm()
    {
        // f(x) = Σ (x + x)² + Σ x³ = Σ 4x² + x³: ∇f = 8x + 3x², H = diag(8 + 6x).
        var x = Tensor.FromArray([1.0, -2.0, 0.5]);
        var v = Tensor.FromArray([0.3, 1.0, -2.0]);
        static Tensor F(Tensor t)
        {
            var twice = Ops.Add(t, t);
            return Ops.Add(Ops.Sum(Ops.Mul(twice, twice)), Ops.Sum(Ops.Pow(t, 3)));
        }

        var (_, gradient, hvp) = AD.ValueGradHvp(F, x, v);
        for (var i = 0; i < 3; i++)
        {
            var xi = x.GetFlat(i);
            Assert.Equal((8 * xi) + (3 * xi * xi), gradient.GetFlat(i), 12);
            Assert.Equal((8 + (6 * xi)) * v.GetFlat(i), hvp.GetFlat(i), 12);
        }
    }
}
