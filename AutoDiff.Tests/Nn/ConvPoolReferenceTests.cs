using AutoDiff.Nn;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>Conv2d and the pools against direct loops, in Float64 and Float32.</summary>
public class ConvPoolReferenceTests
{
    private static FsCheck.Gen<(int N, int C, int O, int K, int Stride, int Padding, int H, int W, bool F32, int Seed)> Cases =>
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from o in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 3)
        from padding in Gen.Choose(0, 2)
        from h in Gen.Choose(k, 5)
        from w in Gen.Choose(k, 5)
        from f32 in Gen.Elements(false, true)
        from seed in NnCheck.Seed
        select (n, c, o, k, stride, padding, h, w, f32, seed);

    [Fact]
    public void Conv2d_RandomGeometry_MatchesDirectConvolution()
        => NnCheck.ForAll(Cases, c =>
        {
            var dtype = c.F32 ? DType.Float32 : DType.Float64;
            var rng = new Rng((ulong)c.Seed);
            var conv = new Conv2d(c.C, c.O, c.K, c.Stride, c.Padding, dtype: dtype, rng: rng);
            var x = Tensor.Randn(new Shape(c.N, c.C, c.H, c.W), rng, dtype: dtype);
            var y = conv.Forward(x);
            var oh = ((c.H + (2 * c.Padding) - c.K) / c.Stride) + 1;
            var ow = ((c.W + (2 * c.Padding) - c.K) / c.Stride) + 1;
            var expected = Tensor.Zeros(new Shape(c.N, c.O, oh, ow), DType.Float64);
            for (var n = 0; n < c.N; n++)
            {
                for (var o = 0; o < c.O; o++)
                {
                    for (var i = 0; i < oh; i++)
                    {
                        for (var j = 0; j < ow; j++)
                        {
                            var sum = conv.Bias![o];
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
                                            sum += conv.Weight[o, ch, a, b] * x[n, ch, r, s];
                                        }
                                    }
                                }
                            }

                            expected[n, o, i, j] = sum;
                        }
                    }
                }
            }

            Assert.Equal(dtype, y.DType);
            NnCheck.Close(expected, y, c.F32 ? 1e-5 : 1e-12);
        }, maxTest: 20);

    [Fact]
    public void Pools_RandomGeometry_MatchNaiveLoops()
        => NnCheck.ForAll(Cases, c =>
        {
            var dtype = c.F32 ? DType.Float32 : DType.Float64;
            var rng = new Rng((ulong)c.Seed);
            var x = Tensor.Randn(new Shape(c.N, c.C, c.H, c.W), rng, dtype: dtype);
            var padding = Math.Min(c.Padding, c.K / 2);
            var max = new MaxPool2d(c.K, c.Stride).Forward(x);
            var avg = new AvgPool2d(c.K, c.Stride, padding).Forward(x);
            Assert.Equal(dtype, max.DType);
            Assert.Equal(dtype, avg.DType);
            NnCheck.Close(NaivePool(x, c.K, c.Stride, 0, isMax: true), max, 1e-6);
            NnCheck.Close(NaivePool(x, c.K, c.Stride, padding, isMax: false), avg, 1e-6);
        }, maxTest: 20);

    [Fact]
    public void Conv2d_Float32And64_AgreeAndKeepDType()
    {
        var conv64 = new Conv2d(2, 3, 3, padding: 1, dtype: DType.Float64, rng: new Rng(1));
        var conv32 = new Conv2d(2, 3, 3, padding: 1, dtype: DType.Float32, rng: new Rng(1));
        var x = Tensor.Randn(new Shape(2, 2, 5, 5), new Rng(2), dtype: DType.Float64);
        var y64 = conv64.Forward(x);
        var y32 = conv32.Forward(x.To(DType.Float32));
        Assert.Equal(DType.Float32, y32.DType);
        NnCheck.Close(y64, y32.To(DType.Float64), 1e-5);
    }

    private static Tensor NaivePool(Tensor x, int k, int stride, int padding, bool isMax)
    {
        var (n, c, h, w) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
        var oh = ((h + (2 * padding) - k) / stride) + 1;
        var ow = ((w + (2 * padding) - k) / stride) + 1;
        var y = Tensor.Zeros(new Shape(n, c, oh, ow), DType.Float64);
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < c; b++)
            {
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        var best = double.NegativeInfinity;
                        var sum = 0.0;
                        for (var p = 0; p < k; p++)
                        {
                            for (var q = 0; q < k; q++)
                            {
                                var r = (i * stride) - padding + p;
                                var s = (j * stride) - padding + q;
                                var v = r >= 0 && r < h && s >= 0 && s < w ? x[a, b, r, s] : 0;
                                best = Math.Max(best, v);
                                sum += v;
                            }
                        }

                        y[a, b, i, j] = isMax ? best : sum / (k * k);
                    }
                }
            }
        }

        return y;
    }
}
