using AutoDiff.Autodiff.Primitives;
using AutoDiff.Kernels;

namespace AutoDiff.Tests.Kernels;

/// <summary>
/// The convolution and max-pooling kernels: large enough to split over threads, their results do not depend on the
/// thread count, and the weight gradient is the same whatever the images' grouping.
/// </summary>
public sealed class ConvolutionTests
{
    private static readonly ConvGeometry Geometry = new(N: 9, C: 5, H: 12, W: 11, KH: 3, KW: 3, SH: 1, SW: 1, PH: 1, PW: 1);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ConvolutionAndGradients_OneThreadOrAll_BitIdenticalResults(DType dtype)
    {
        var g = Geometry;
        var x = Tensor.Randn(new Shape(g.N, g.C, g.H, g.W), seed: 1, dtype: dtype);
        var w = Tensor.Randn(new Shape(16, g.C, g.KH, g.KW), seed: 2, dtype: dtype);
        var b = Tensor.Randn(new Shape(16), seed: 3, dtype: dtype);
        var gy = Tensor.Randn(new Shape(g.N, 16, g.OH, g.OW), seed: 4, dtype: dtype);
        var pooled = new ConvGeometry(g.N, 16, g.OH, g.OW, 2, 2, 2, 2, 0, 0);
        var gp = Tensor.Randn(new Shape(g.N, 16, pooled.OH, pooled.OW), seed: 5, dtype: dtype);
        double[][] Run()
        {
            var y = Conv2dPrimitive.Forward(x, w, b, g);
            return
            [
                y.Values(),
                Conv2dBackwardInputPrimitive.Forward(gy, w, g).Values(),
                Conv2dBackwardWeightPrimitive.Forward(x, gy, g).Values(),
                MaxPool2dPrimitive.Forward(y, pooled).Values(),
                MaxPool2dScatterPrimitive.Forward(y, gp, pooled).Values(),
            ];
        }

        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = Run();
            Parallelism.MaxThreads = 2;
            var two = Run();
            Parallelism.MaxThreads = 0;
            var all = Run();
            Assert.Equal(single, two);
            Assert.Equal(single, all);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void MaxPooling_TiedWindow_GradientGoesToTheFirstMaximum()
    {
        // After a ReLU whole windows are 0: PyTorch sends the gradient to the first element of the window.
        var g = new ConvGeometry(1, 1, 2, 4, 2, 2, 2, 2, 0, 0);
        float[] x = [0, 0, 1, 3, 0, 0, 3, 2];
        var z = new float[8];
        MaxPooling.Scatter<float>(x, [5f, 7f], z, g);
        Assert.Equal([5f, 0, 0, 7f, 0, 0, 0, 0], z);
        var y = new float[2];
        MaxPooling.Forward<float>(x, y, g);
        Assert.Equal([0f, 3f], y);
    }

    [Fact]
    public void Forward_WrongSpanLengths_ThrowsNamingTheGeometry()
    {
        var g = new ConvGeometry(1, 1, 3, 3, 3, 3, 1, 1, 0, 0);
        var error = Assert.Throws<ArgumentException>(() => Convolution.Forward<float>(new float[8], new float[9], default, new float[1], g, 1));
        Assert.Contains("Conv2d", error.Message);
        Assert.Contains("geometry", error.Message);
    }
}

/// <summary>Exact element values of a tensor of either dtype (float → double is exact).</summary>
internal static class TensorValues
{
    public static double[] Values(this Tensor t)
        => t.DType == DType.Float64 ? t.AsSpan<double>().ToArray() : Array.ConvertAll(t.AsSpan<float>().ToArray(), v => (double)v);
}
