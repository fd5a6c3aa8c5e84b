namespace AutoDiff.Tests.Autodiff;

/// <summary>Anomaly.Detect makes the first primitive that produces NaN or infinity throw, naming itself.</summary>
public sealed class AnomalyTests
{
    [Fact]
    public void Detect_LogOfNegative_ThrowsNamingLog()
    {
        var x = Tensor.FromArray(new[] { 1.0, -2.0 });

        using (Anomaly.Detect())
        {
            var ex = Assert.Throws<ArithmeticException>(() => Ops.Log(x));

            Assert.Contains("Log", ex.Message);
            Assert.Contains("NaN", ex.Message);
            Assert.Contains("index 1", ex.Message);
            Assert.Contains("[2]", ex.Message);
        }
    }

    [Fact]
    public void Detect_ZeroOverZero_ThrowsAtDivNotLater()
    {
        var zero = Tensor.Zeros(new Shape(3), DType.Float64);

        using (Anomaly.Detect())
        {
            var ex = Assert.Throws<ArithmeticException>(() => Ops.Sum(Ops.Exp(Ops.Div(zero, zero))));

            Assert.StartsWith("Anomaly: Div ", ex.Message);
        }
    }

    [Fact]
    public void Detect_Overflow_ThrowsOnInfinity()
    {
        var x = Tensor.Scalar(1000.0, DType.Float64);

        using (Anomaly.Detect())
        {
            var ex = Assert.Throws<ArithmeticException>(() => Ops.Exp(x));

            Assert.Contains("Exp", ex.Message);
            Assert.Contains("Infinity", ex.Message);
        }
    }

    [Fact]
    public void OutsideScope_NaNPassesThrough()
    {
        var x = Tensor.FromArray(new[] { -1.0 });
        using (Anomaly.Detect())
        {
            Assert.True(Anomaly.Enabled);
        }

        Assert.False(Anomaly.Enabled);
        Assert.True(double.IsNaN(Ops.Log(x).Item()));
    }

    [Fact]
    public void NestedScopes_DetectionLastsUntilOutermostEnds()
    {
        using (Anomaly.Detect())
        {
            using (Anomaly.Detect())
            {
                Assert.True(Anomaly.Enabled);
            }

            Assert.True(Anomaly.Enabled);
            Assert.Throws<ArithmeticException>(() => Ops.Log(Tensor.Scalar(-1.0, DType.Float64)));
        }

        Assert.False(Anomaly.Enabled);
    }

    [Fact]
    public void Detect_InfiniteCotangentInBackward_ThrowsBeforeAccumulating()
    {
        var x = Tensor.FromArray(new[] { 4.0, 0.0 });
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        using (Anomaly.Detect())
        {
            var y = Ops.Sum(Ops.Sqrt(x));

            var ex = Assert.Throws<ArithmeticException>(() => y.Backward());

            Assert.StartsWith("Anomaly: ", ex.Message);
            Assert.Contains("Infinity", ex.Message);
            Assert.Null(x.Grad);
        }
    }

    [Fact]
    public void OutsideScope_InfiniteCotangentPassesThrough()
    {
        var g = AD.Grad(t => Ops.Sum(Ops.Sqrt(t)), Tensor.FromArray(new[] { 4.0, 0.0 }));

        Assert.Equal(0.25, g.GetFlat(0));
        Assert.True(double.IsPositiveInfinity(g.GetFlat(1)));
    }

    [Fact]
    public void Detect_InfiniteCotangentInBackward_ThrowsNamingThePrimitiveWhoseRuleProducedIt()
    {
        // √x at x = 0 is finite forward, but d√x/dx = 1/(2√x) = ∞: only the backward pass is anomalous.
        var x = Tensor.FromArray(new[] { 4.0, 0.0 });
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        using (Anomaly.Detect())
        {
            var y = Ops.Sum(Ops.Sqrt(x));

            var ex = Assert.Throws<ArithmeticException>(() => y.Backward());

            Assert.Contains("Sqrt", ex.Message);
            Assert.Contains("cotangent", ex.Message);
        }
    }

    [Fact]
    public void Detect_NaNTangentInForwardMode_ThrowsNamingPrimitive()
    {
        // √x at x = 0 with a tangent: the value is finite, the tangent ẋ/(2√x) is not.
        var x = Tensor.FromArray(new[] { 0.0 });

        using (Anomaly.Detect())
        {
            var ex = Assert.Throws<ArithmeticException>(() => AD.Jvp(Ops.Sqrt, x, Tensor.FromArray(new[] { 1.0 })));

            Assert.Contains("Sqrt", ex.Message);
            Assert.Contains("tangent", ex.Message);
        }
    }

    [Fact]
    public void Detect_FiniteComputation_DoesNotThrowAndGivesSameGradient()
    {
        var x = Tensor.FromArray(new[] { 0.5, 2.0 });
        var plain = AD.Grad(t => Ops.Sum(Ops.Log(t)), x);

        Tensor withDetection;
        using (Anomaly.Detect())
        {
            withDetection = AD.Grad(t => Ops.Sum(Ops.Log(t)), x);
        }

        Assert.Equal(plain.ToArray(), withDetection.ToArray());
        Assert.Equal(new[] { 2.0, 0.5 }, withDetection.ToArray());
    }
}
