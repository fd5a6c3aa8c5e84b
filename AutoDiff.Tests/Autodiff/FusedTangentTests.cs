namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// The tangent rules of Linear and MatMul add their second product inside the GEMM when nothing records them (a
/// top-level JVP, an HVP's tangent pass, a linearisation's replay). Every combination of present tangents must still
/// give the closed form, and the same as the recorded rule seen by an enclosing transform.
/// </summary>
public sealed class FusedTangentTests
{
    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void Linear_AnyTangents_GiveClosedForm(bool withX, bool withW, bool withB)
    {
        var rng = new Rng(7);
        var x = Tensor.Randn(new Shape(5, 9), rng, dtype: DType.Float64);
        var w = Tensor.Randn(new Shape(4, 9), rng, dtype: DType.Float64);
        var b = Tensor.Randn(new Shape(4), rng, dtype: DType.Float64);
        var dx = withX ? Tensor.Randn(x.Shape, rng, dtype: DType.Float64) : null;
        var dw = withW ? Tensor.Randn(w.Shape, rng, dtype: DType.Float64) : null;
        var db = withB ? Tensor.Randn(b.Shape, rng, dtype: DType.Float64) : null;

        var (_, tangent) = AD.Jvp(p => Ops.Linear(p[0], p[1], p[2]), [x, w, b], [dx, dw, db]);

        var expected = new double[5 * 4];
        for (var i = 0; i < 5; i++)
        {
            for (var o = 0; o < 4; o++)
            {
                double sum = db is null ? 0 : db[o];
                for (var k = 0; k < 9; k++)
                {
                    sum += (dx is null ? 0 : dx[i, k] * w[o, k]) + (dw is null ? 0 : x[i, k] * dw[o, k]);
                }

                expected[(i * 4) + o] = sum;
            }
        }

        AssertClose(expected, tangent.ToArray());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_BothTangents_GiveProductRuleAndMatchTheRecordedRule(bool transA, bool transB)
    {
        var rng = new Rng(11);
        var a = Tensor.Randn(transA ? new Shape(6, 3) : new Shape(3, 6), rng, dtype: DType.Float64);
        var b = Tensor.Randn(transB ? new Shape(5, 6) : new Shape(6, 5), rng, dtype: DType.Float64);
        var da = Tensor.Randn(a.Shape, rng, dtype: DType.Float64);
        var db = Tensor.Randn(b.Shape, rng, dtype: DType.Float64);
        Tensor F(Tensor[] p) => Ops.MatMul(p[0], p[1], transA, transB);

        var (_, fused) = AD.Jvp(F, [a, b], [da, db]);

        var expected = Ops.Add(Ops.MatMul(da, b, transA, transB), Ops.MatMul(a, db, transA, transB)).ToArray();
        AssertClose(expected, fused.ToArray());

        // Inside a gradient the rule is recorded (a level is visible) and takes the unfused path.
        var s = Tensor.Scalar(1.0, DType.Float64);
        var recorded = AD.Grad(t => Ops.Sum(Ops.Mul(AD.Jvp(F, [a, b], [Ops.Mul(da, t), db]).Tangent, t)), s);
        var unfusedSum = expected.Sum() + Ops.MatMul(da, b, transA, transB).ToArray().Sum();
        Assert.Equal(unfusedSum, recorded.ToArray()[0], 1e-10);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
