using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// A layer's gradients written straight into <c>Grad</c> on the tape (the GEMM's output is the gradient buffer) and the
/// lazy zero of <c>ZeroGrad</c>: same values as the rule's own VJP, overwrite after ZeroGrad, accumulation without it.
/// </summary>
public sealed class GradWriteTests
{
    [Fact]
    public void Linear_TapeGradients_EqualTransformGradientsOverRandomShapes()
    {
        // AD.ValueAndGrad runs the rule's Vjp (a transform level is visible); the tape writes into Grad directly.
        var shapes = Gen.Choose(1, 40).Three().Select(t => (t.Item1, t.Item2, t.Item3));
        var config = Config.QuickThrowOnFailure.WithMaxTest(20).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(shapes.ToArbitrary(), Arb.From(Gen.Choose(0, 1000)), (s, seed) =>
        {
            foreach (var dtype in new[] { DType.Float64, DType.Float32 })
            {
                var (x, w, b) = Layer(s.Item1, s.Item2, s.Item3, dtype, (ulong)seed);
                Tensor Loss(Tensor[] p) => Ops.Sum(Ops.Tanh(Ops.Linear(p[0], p[1], p[2])));
                var expected = AD.ValueAndGrad(Loss, [x, w, b]).Gradients;

                foreach (var p in new[] { x, w, b })
                {
                    p.RequiresGrad = true;
                }

                using (Tape.Record())
                {
                    Loss([x, w, b]).Backward();
                }

                Assert.Equal(expected[0].ToArray(), x.Grad!.ToArray());
                Assert.Equal(expected[1].ToArray(), w.Grad!.ToArray());
                Assert.Equal(expected[2].ToArray(), b.Grad!.ToArray());
            }

            return true;
        }));
    }

    [Fact]
    public void Linear_SecondBackwardWithoutZeroGrad_AddsToEveryGradient()
    {
        var (x, w, b) = Layer(5, 7, 3, DType.Float64, 1);
        w.RequiresGrad = true;
        b.RequiresGrad = true;
        using var tape = Tape.Record();
        var loss = Ops.Sum(Ops.Tanh(Ops.Linear(x, w, b)));
        loss.Backward(retainGraph: true);
        var once = (W: w.Grad!.ToArray(), B: b.Grad!.ToArray());

        loss.Backward();

        // The GEMM adds its products onto the buffer term by term, so the sum may round differently from g + g.
        Assert.Equal(once.W.Select(v => 2 * v), w.Grad!.ToArray(), (e, a) => Math.Abs(e - a) <= 1e-12 * Math.Max(1, Math.Abs(e)));
        Assert.Equal(once.B.Select(v => 2 * v), b.Grad!.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ZeroGrad_StaleNaNInBuffer_NextBackwardOverwritesItInTheSameBuffer(bool linear)
    {
        // Linear writes through its GEMM; Mul goes through the generic path. Neither may add to the stale values.
        var (x, w, b) = Layer(4, 6, 3, DType.Float64, 2);
        w.RequiresGrad = true;
        Tensor Loss() => linear ? Ops.Sum(Ops.Linear(x, w, b)) : Ops.Sum(Ops.Mul(w, w));
        using (Tape.Record())
        {
            Loss().Backward();
        }

        var expected = w.Grad!.ToArray();
        var buffer = w.Grad!;
        buffer.Fill(double.NaN);

        w.ZeroGrad();
        using (Tape.Record())
        {
            Loss().Backward();
        }

        Assert.Same(buffer, w.Grad);
        Assert.Equal(expected, w.Grad!.ToArray());
    }

    [Fact]
    public void ZeroGrad_ReadBeforeBackward_GivesZerosAndBackwardThenAddsNothingStale()
    {
        var (x, w, b) = Layer(4, 6, 3, DType.Float32, 3);
        w.RequiresGrad = true;
        using (Tape.Record())
        {
            Ops.Sum(Ops.Linear(x, w, b)).Backward();
        }

        var expected = w.Grad!.ToArray();
        w.ZeroGrad();
        Assert.All(w.Grad!.ToArray(), v => Assert.Equal(0.0, v));

        using (Tape.Record())
        {
            Ops.Sum(Ops.Linear(x, w, b)).Backward();
        }

        Assert.Equal(expected, w.Grad!.ToArray());
    }

    [Fact]
    public void Linear_CreateGraph_GradientStaysDifferentiable()
    {
        // Double backward keeps the rule's recorded VJP: the gradient penalty ‖∂L/∂W‖² has a gradient.
        var (x, w, b) = Layer(3, 4, 2, DType.Float64, 4);
        w.RequiresGrad = true;
        using var tape = Tape.Record();
        var loss = Ops.Sum(Ops.Tanh(Ops.Linear(x, w, b)));
        loss.Backward(Tensor.Scalar(1.0, DType.Float64), createGraph: true);
        var penalty = Ops.Sum(Ops.Mul(w.Grad!, w.Grad!));
        var gradient = w.Grad!.Clone();
        w.ZeroGrad();
        penalty.Backward();

        Assert.NotNull(w.Grad);
        Assert.Contains(w.Grad!.ToArray(), v => v != 0);
        Assert.NotEqual(gradient.ToArray(), w.Grad!.ToArray());
    }

    private static (Tensor X, Tensor W, Tensor B) Layer(int n, int inFeatures, int outFeatures, DType dtype, ulong seed)
    {
        var rng = new Rng(seed);
        return (
            Tensor.Randn(new Shape(n, inFeatures), rng, dtype: dtype),
            Tensor.Randn(new Shape(outFeatures, inFeatures), rng, dtype: dtype),
            Tensor.Randn(new Shape(outFeatures), rng, dtype: dtype));
    }
}
