using AutoDiff.Nn;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>
/// The gradients of Conv2d and MaxPool2d (the fused conv and pool primitives) against direct loops, and the fused
/// softmax cross-entropy against its log-softmax definition, in Float64.
/// </summary>
public sealed class ConvBackwardReferenceTests
{
    private static FsCheck.Gen<(int N, int C, int O, int K, int Stride, int Padding, int H, int W, int Seed)> Cases =>
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from o in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 2)
        from padding in Gen.Choose(0, 1)
        from h in Gen.Choose(k, 6)
        from w in Gen.Choose(k, 6)
        from seed in NnCheck.Seed
        select (n, c, o, k, stride, padding, h, w, seed);

    [Fact]
    public void Conv2dGradients_RandomGeometry_MatchDirectLoops()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            var x = Tensor.Randn(new Shape(c.N, c.C, c.H, c.W), rng, dtype: DType.Float64);
            var weight = Tensor.Randn(new Shape(c.O, c.C, c.K, c.K), rng, dtype: DType.Float64);
            var bias = Tensor.Randn(new Shape(c.O), rng, dtype: DType.Float64);
            var oh = ((c.H + (2 * c.Padding) - c.K) / c.Stride) + 1;
            var ow = ((c.W + (2 * c.Padding) - c.K) / c.Stride) + 1;
            var u = Tensor.Randn(new Shape(c.N, c.O, oh, ow), rng, dtype: DType.Float64);
            var (gx, gw, gb) = (Tensor.Zeros(x.Shape, DType.Float64), Tensor.Zeros(weight.Shape, DType.Float64), Tensor.Zeros(bias.Shape, DType.Float64));
            // d/dθ Σ u ⊙ conv(x, W, b) by the definition of the convolution.
            for (var n = 0; n < c.N; n++)
            {
                for (var o = 0; o < c.O; o++)
                {
                    for (var i = 0; i < oh; i++)
                    {
                        for (var j = 0; j < ow; j++)
                        {
                            var g = u[n, o, i, j];
                            gb[o] += g;
                            for (var ch = 0; ch < c.C; ch++)
                            {
                                for (var a = 0; a < c.K; a++)
                                {
                                    for (var b = 0; b < c.K; b++)
                                    {
                                        var r = (i * c.Stride) - c.Padding + a;
                                        var s = (j * c.Stride) - c.Padding + b;
                                        if (r >= 0 && r < c.H && s >= 0 && s < c.W)
                                        {
                                            gx[n, ch, r, s] += g * weight[o, ch, a, b];
                                            gw[o, ch, a, b] += g * x[n, ch, r, s];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            var (_, grads) = AD.ValueAndGrad(ps => Ops.Sum(Ops.Mul(u, Functional.Conv2d(ps[0], ps[1], ps[2], c.Stride, c.Padding))), [x, weight, bias]);
            NnCheck.Close(gx, grads[0], 1e-12);
            NnCheck.Close(gw, grads[1], 1e-12);
            NnCheck.Close(gb, grads[2], 1e-12);
        }, maxTest: 20);

    [Fact]
    public void MaxPool2dGradient_RandomGeometry_GoesToTheFirstMaximumOfEachWindow()
        => NnCheck.ForAll(Cases, c =>
        {
            var rng = new Rng((ulong)c.Seed);
            // Small integers, so that windows hold ties.
            var x = Tensor.Zeros(new Shape(c.N, c.C, c.H, c.W), DType.Float64);
            for (var i = 0; i < x.Size; i++)
            {
                x.SetFlat(i, rng.NextInt(3));
            }

            var oh = ((c.H - c.K) / c.Stride) + 1;
            var ow = ((c.W - c.K) / c.Stride) + 1;
            var u = Tensor.Randn(new Shape(c.N, c.C, oh, ow), rng, dtype: DType.Float64);
            var expected = Tensor.Zeros(x.Shape, DType.Float64);
            for (var n = 0; n < c.N; n++)
            {
                for (var ch = 0; ch < c.C; ch++)
                {
                    for (var i = 0; i < oh; i++)
                    {
                        for (var j = 0; j < ow; j++)
                        {
                            var (best, br, bs) = (double.NegativeInfinity, 0, 0);
                            for (var a = 0; a < c.K; a++)
                            {
                                for (var b = 0; b < c.K; b++)
                                {
                                    var v = x[n, ch, (i * c.Stride) + a, (j * c.Stride) + b];
                                    if (v > best)
                                    {
                                        (best, br, bs) = (v, (i * c.Stride) + a, (j * c.Stride) + b);
                                    }
                                }
                            }

                            expected[n, ch, br, bs] += u[n, ch, i, j];
                        }
                    }
                }
            }

            var grad = AD.Grad(t => Ops.Sum(Ops.Mul(u, Functional.MaxPool2d(t, c.K, c.Stride))), x);
            NnCheck.Close(expected, grad, 1e-15);
        }, maxTest: 20);

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void SoftmaxCrossEntropy_Fused_MatchesLogSoftmaxDefinitionAndGradient(Reduction reduction)
    {
        var rng = new Rng(7);
        var logits = Tensor.Randn(new Shape(5, 4), rng, dtype: DType.Float64);
        int[] labels = [3, 0, 1, 1, 2];
        Tensor Reference(Tensor z)
        {
            var picked = Ops.Neg(Ops.Gather(Ops.LogSoftmax(z, 1), 1, labels));
            return reduction == Reduction.Mean ? Ops.Mean(picked) : Ops.Sum(picked);
        }

        Assert.Equal(Reference(logits).Item(), Losses.SoftmaxCrossEntropy(logits, labels, reduction).Item(), 1e-12);
        NnCheck.Close(AD.Grad(Reference, logits), AD.Grad(z => Losses.SoftmaxCrossEntropy(z, labels, reduction), logits), 1e-12);
        var v = Tensor.Randn(logits.Shape, rng, dtype: DType.Float64);
        NnCheck.Close(AD.Hvp(Reference, logits, v), AD.Hvp(z => Losses.SoftmaxCrossEntropy(z, labels, reduction), logits, v), 1e-12);
    }
}
