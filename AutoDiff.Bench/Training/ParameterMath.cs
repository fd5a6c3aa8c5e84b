namespace AutoDiff.Bench.Training;

/// <summary>Norms and copies over a list of float32 or float64 parameter tensors, through flat double buffers.</summary>
public static class ParameterMath
{
    /// <summary>The total number of elements.</summary>
    public static int Count(IReadOnlyList<Tensor> tensors) => tensors.Sum(t => t.Size);

    /// <summary>Copies the tensors' values into <paramref name="destination"/>, in order.</summary>
    public static void CopyTo(IReadOnlyList<Tensor> tensors, double[] destination)
    {
        var at = 0;
        foreach (var t in tensors)
        {
            if (t.DType == DType.Float32)
            {
                foreach (var v in t.AsSpan<float>())
                {
                    destination[at++] = v;
                }
            }
            else
            {
                t.AsSpan<double>().CopyTo(destination.AsSpan(at));
                at += t.Size;
            }
        }
    }

    /// <summary>Writes <paramref name="source"/> back into the tensors, in order.</summary>
    public static void CopyFrom(IReadOnlyList<Tensor> tensors, double[] source)
    {
        var at = 0;
        foreach (var t in tensors)
        {
            if (t.DType == DType.Float32)
            {
                var span = t.AsSpan<float>();
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (float)source[at++];
                }
            }
            else
            {
                source.AsSpan(at, t.Size).CopyTo(t.AsSpan<double>());
                at += t.Size;
            }
        }
    }

    /// <summary>The global L2 norm of the parameters' gradients (missing gradients count as zero).</summary>
    public static double GradNorm(IReadOnlyList<Tensor> parameters)
    {
        var sum = 0.0;
        foreach (var p in parameters)
        {
            if (p.Grad is { } g)
            {
                sum += SumOfSquares(g);
            }
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Multiplies every gradient by <paramref name="factor"/> in place.</summary>
    public static void ScaleGrads(IReadOnlyList<Tensor> parameters, double factor)
    {
        foreach (var p in parameters)
        {
            if (p.Grad is not { } g)
            {
                continue;
            }

            if (g.DType == DType.Float32)
            {
                var span = g.AsSpan<float>();
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] *= (float)factor;
                }
            }
            else
            {
                var span = g.AsSpan<double>();
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] *= factor;
                }
            }
        }
    }

    /// <summary>‖a − b‖ and ‖b‖ of two flat buffers.</summary>
    public static (double Difference, double Norm) DifferenceNorm(double[] a, double[] b)
    {
        double diff = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            diff += d * d;
            norm += b[i] * b[i];
        }

        return (Math.Sqrt(diff), Math.Sqrt(norm));
    }

    private static double SumOfSquares(Tensor t)
    {
        var sum = 0.0;
        if (t.DType == DType.Float32)
        {
            foreach (var v in t.AsSpan<float>())
            {
                sum += (double)v * v;
            }
        }
        else
        {
            foreach (var v in t.AsSpan<double>())
            {
                sum += v * v;
            }
        }

        return sum;
    }
}
