using System.Runtime.Intrinsics;

namespace AutoDiff.Optim;

/// <summary>
/// Float64 sums of squares over the values of a parameter or gradient, four lanes at a time. The lanes are
/// <see cref="Vector256{T}"/> of double on every machine (emulated where not accelerated, with the same roundings:
/// separate multiplies and adds, no fused multiply-add), and are combined in a fixed order, so a sum is the same on
/// every instruction set and every run.
/// </summary>
internal static class SquareSums
{
    /// <summary>Σ x² in float64.</summary>
    public static double Of(ReadOnlySpan<float> x)
    {
        var lanes = Vector256<double>.Zero;
        int i = 0;
        for (; i <= x.Length - 8; i += 8)
        {
            var (low, high) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
            lanes += (low * low) + (high * high);
        }

        double sum = Total(lanes);
        for (; i < x.Length; i++)
        {
            sum += (double)x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Σ x² in float64.</summary>
    public static double Of(ReadOnlySpan<double> x)
    {
        var lanes = Vector256<double>.Zero;
        int i = 0;
        for (; i <= x.Length - 4; i += 4)
        {
            var v = Vector256.Create(x.Slice(i, 4));
            lanes += v * v;
        }

        double sum = Total(lanes);
        for (; i < x.Length; i++)
        {
            sum += x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Σ (a − b)² and Σ b² in float64 (the differences taken in float64).</summary>
    public static (double Difference, double Reference) OfDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var difference = Vector256<double>.Zero;
        var reference = Vector256<double>.Zero;
        int i = 0;
        for (; i <= a.Length - 8; i += 8)
        {
            var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(i, 8)));
            var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(i, 8)));
            var dLow = aLow - bLow;
            var dHigh = aHigh - bHigh;
            difference += (dLow * dLow) + (dHigh * dHigh);
            reference += (bLow * bLow) + (bHigh * bHigh);
        }

        double d = Total(difference);
        double r = Total(reference);
        for (; i < a.Length; i++)
        {
            double delta = (double)a[i] - b[i];
            d += delta * delta;
            r += (double)b[i] * b[i];
        }

        return (d, r);
    }

    /// <summary>Σ (a − b)² and Σ b² in float64.</summary>
    public static (double Difference, double Reference) OfDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var difference = Vector256<double>.Zero;
        var reference = Vector256<double>.Zero;
        int i = 0;
        for (; i <= a.Length - 4; i += 4)
        {
            var va = Vector256.Create(a.Slice(i, 4));
            var vb = Vector256.Create(b.Slice(i, 4));
            var delta = va - vb;
            difference += delta * delta;
            reference += vb * vb;
        }

        double d = Total(difference);
        double r = Total(reference);
        for (; i < a.Length; i++)
        {
            double delta = a[i] - b[i];
            d += delta * delta;
            r += b[i] * b[i];
        }

        return (d, r);
    }

    private static double Total(Vector256<double> lanes) => (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}
