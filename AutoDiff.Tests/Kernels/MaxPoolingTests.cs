using System.Numerics;
using AutoDiff.Kernels;
using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Kernels;

/// <summary>
/// The 2×2 stride-2 max-pooling kernels against a plain window scan with PyTorch's rule: the argmax is the first
/// maximum in row-major order, and a NaN beats any number (the first NaN of the window). Values come from a small set
/// with ties, ±0 and NaN, over shapes odd and even, narrow and wider than a vector.
/// </summary>
public sealed class MaxPoolingTests
{
    [Fact]
    public void Window2x2_RandomPlanesWithTiesZerosAndNaNs_MatchesTheWindowScan()
    {
        var shapes = Gen.Choose(1, 3).Two().SelectMany(nc => Gen.Choose(2, 41).Two().Select(hw => (nc.Item1, nc.Item2, hw.Item1, hw.Item2)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(shapes.ToArbitrary(), Arb.From(Gen.Choose(0, 100000)), (s, seed) =>
        {
            var g = new ConvGeometry(s.Item1, s.Item2, s.Item3, s.Item4, 2, 2, 2, 2, 0, 0);
            Compare<float>(g, seed);
            Compare<double>(g, seed);
            return true;
        }));
    }

    [Fact]
    public void Scatter_NaNInTheWindow_SendsTheGradientToTheNaN()
    {
        var g = new ConvGeometry(1, 1, 2, 2, 2, 2, 2, 2, 0, 0);
        float[] x = [1f, float.NaN, 3f, 2f];
        var z = new float[4];
        MaxPooling.Scatter<float>(x, [5f], z, g);
        Assert.Equal([0f, 5f, 0f, 0f], z);
        var y = new float[1];
        MaxPooling.Forward<float>(x, y, g);
        Assert.True(float.IsNaN(y[0]));
    }

    private static void Compare<T>(ConvGeometry g, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] pool = [T.Zero, -T.Zero, T.One, T.One + T.One, -T.One, T.NaN, T.CreateChecked(0.5)];
        var x = new T[g.N * g.C * g.H * g.W];
        var v = new T[x.Length];
        var gy = new T[g.N * g.C * g.OH * g.OW];
        bool withNaN = rng.Next(2) == 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = pool[rng.Next(withNaN ? pool.Length : pool.Length - 2)];
            v[i] = T.CreateChecked(rng.NextDouble());
        }

        for (int i = 0; i < gy.Length; i++)
        {
            gy[i] = T.CreateChecked(rng.NextDouble() + 1);
        }

        var (max, selected, scattered) = Reference(x, v, gy, g);
        var y = new T[gy.Length];
        MaxPooling.Forward<T>(x, y, g);
        Assert.Equal(Bits(max), Bits(y));
        MaxPooling.Select<T>(x, v, y, g);
        Assert.Equal(Bits(selected), Bits(y));
        var z = Enumerable.Repeat(T.NaN, x.Length).ToArray();
        MaxPooling.Scatter<T>(x, gy, z, g);
        Assert.Equal(Bits(scattered), Bits(z));
    }

    private static (T[] Max, T[] Selected, T[] Scattered) Reference<T>(T[] x, T[] v, T[] gy, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = new T[gy.Length];
        var selected = new T[gy.Length];
        var scattered = new T[x.Length];
        for (int plane = 0; plane < g.N * g.C; plane++)
        {
            int image = plane * g.H * g.W;
            for (int i = 0; i < g.OH; i++)
            {
                for (int j = 0; j < g.OW; j++)
                {
                    int at = image + (2 * i * g.W) + (2 * j);
                    T best = x[at];
                    foreach (int k in new[] { at + 1, at + g.W, at + g.W + 1 })
                    {
                        if (x[k] > best || (T.IsNaN(x[k]) && !T.IsNaN(best)))
                        {
                            best = x[k];
                            at = k;
                        }
                    }

                    int o = (plane * g.OH * g.OW) + (i * g.OW) + j;
                    max[o] = best;
                    selected[o] = v[at];
                    scattered[at] += gy[o];
                }
            }
        }

        return (max, selected, scattered);
    }

    private static long[] Bits<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
        => values.Select(value => typeof(T) == typeof(float)
            ? BitConverter.SingleToInt32Bits((float)(object)value)
            : BitConverter.DoubleToInt64Bits((double)(object)value)).ToArray();
}
