namespace AutoDiff.Linalg;

/// <summary>Copies between float64 flat vectors and parameter-shaped tensors of either element type.</summary>
internal static class FlatCopy
{
    public static void ToTensor(ReadOnlySpan<double> source, Tensor destination)
    {
        if (destination.DType == DType.Float64)
        {
            source.CopyTo(destination.AsSpan<double>());
            return;
        }

        var d = destination.AsSpan<float>();
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = (float)source[i];
        }
    }

    public static void FromTensor(Tensor source, Span<double> destination)
    {
        if (source.DType == DType.Float64)
        {
            source.AsSpan<double>().CopyTo(destination);
            return;
        }

        var s = source.AsSpan<float>();
        for (var i = 0; i < s.Length; i++)
        {
            destination[i] = s[i];
        }
    }

    /// <summary>destination += weight·source.</summary>
    public static void AddFromTensor(double weight, Tensor source, Span<double> destination)
    {
        if (source.DType == DType.Float64)
        {
            VectorOps.Axpy(weight, source.AsSpan<double>(), destination);
            return;
        }

        var s = source.AsSpan<float>();
        for (var i = 0; i < s.Length; i++)
        {
            destination[i] += weight * s[i];
        }
    }
}
