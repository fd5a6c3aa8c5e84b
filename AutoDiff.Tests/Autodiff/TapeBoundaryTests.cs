namespace AutoDiff.Tests.Autodiff;

public sealed class TapeBoundaryTests
{
    [Fact]
    public void Backward_InnerTapeOverOuterResult_StopsAtBoundaryAndLeavesOuterPassExact()
    {
        var x = Tensor.Scalar(3.0, DType.Float64);
        x.RequiresGrad = true;
        using var outer = Tape.Record();
        var y = Ops.Mul(x, x); // recorded on the outer tape
        using (var inner = Tape.Record())
        {
            var z = Ops.Mul(y, 2.0); // recorded on the inner tape
            z.Backward();
            Assert.Null(x.Grad); // the inner pass does not walk into the outer tape
        }

        y.Backward();
        Assert.Equal(6.0, x.Grad!.Item()); // no stale cotangent from the inner pass: dy/dx = 2x
    }

    [Fact]
    public void Backward_VjpThrows_LeavesNoPendingCotangentForTheNextPass()
    {
        var x = Tensor.FromArray(new[] { 1.0, 4.0 });
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var h = Ops.Sqrt(x);
        var y = Ops.Sum(Ops.Mul(h, h));
        using (Anomaly.Detect())
        {
            // Recorded first, so walked last: d√u/du = ∞ at u = 0 throws after h already received a cotangent.
            var singular = Ops.Sum(Ops.Sqrt(Ops.Sub(x, 1.0)));
            var bad = Ops.Add(singular, Ops.Sum(Ops.Mul(h, 1.0)));
            Assert.Throws<ArithmeticException>(() => bad.Backward());
        }

        y.Backward();
        Assert.Equal(1.0, x.Grad!.GetFlat(0), 12); // d(√x)²/dx = 1
        Assert.Equal(1.0, x.Grad!.GetFlat(1), 12);
    }
}
