namespace AutoDiff.Tests.Kernels;

/// <summary>The single-precision vector eˣ against double-precision Math.Exp, across the whole float range.</summary>
public sealed class ExpTests
{
    [Fact]
    public void Float32_Sweep_WithinTwoUlpsOfTheRoundedExactValue()
    {
        // Every value goes through the vector path: the length is a multiple of every vector width.
        const int count = 1 << 16;
        var x = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = -87f + (175.5f * i / count);
        }

        var y = Ops.Exp(Tensor.FromArray(x)).AsSpan<float>();
        var worst = 0.0;
        for (var i = 0; i < count; i++)
        {
            var exact = Math.Exp(x[i]);
            var ulp = (double)MathF.BitIncrement((float)exact) - (float)exact;
            worst = Math.Max(worst, Math.Abs(y[i] - exact) / ulp);
        }

        Assert.True(worst <= 2, $"worst error {worst:F2} ulp");
    }

    [Fact]
    public void Float32_SpecialValues_OverflowUnderflowSubnormalsAndNaN()
    {
        float[] x = [float.NegativeInfinity, -200f, -103f, -88f, 0f, 88.7f, 89f, float.PositiveInfinity, float.NaN, 1f, -1f, 10f, -10f, 50f, -50f, 0.5f];
        var y = Ops.Exp(Tensor.FromArray(x)).AsSpan<float>();
        Assert.Equal(0f, y[0]);
        Assert.Equal(0f, y[1]);
        Assert.True(y[2] > 0 && float.IsSubnormal(y[2]), $"exp(-103) = {y[2]}");
        Assert.Equal((float)Math.Exp(-103), y[2], (float)Math.Exp(-103) * 0.01f);
        Assert.Equal(1f, y[4]);
        Assert.True(float.IsFinite(y[5]));
        Assert.True(float.IsPositiveInfinity(y[6]));
        Assert.True(float.IsPositiveInfinity(y[7]));
        Assert.True(float.IsNaN(y[8]));
        Assert.Equal((float)Math.E, y[9], 1e-6f);
    }
}
