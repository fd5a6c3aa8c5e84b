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

    /// <summary>Scatters a flat vector over <paramref name="destinations"/>, each taking the next Size entries in order.</summary>
    public static void ToTensors(ReadOnlySpan<double> source, IReadOnlyList<Tensor> destinations)
    {
        var at = 0;
        foreach (var t in destinations)
        {
            ToTensor(source.Slice(at, t.Size), t);
            at += t.Size;
        }
    }

    /// <summary>Gathers <paramref name="sources"/> in order into one flat vector.</summary>
    public static void FromTensors(IReadOnlyList<Tensor> sources, Span<double> destination)
    {
        var at = 0;
        foreach (var t in sources)
        {
            FromTensor(t, destination.Slice(at, t.Size));
            at += t.Size;
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

    /// <summary>destination += weight·(<paramref name="sources"/> gathered in order).</summary>
    public static void AddFromTensors(double weight, IReadOnlyList<Tensor> sources, Span<double> destination)
    {
        var at = 0;
        foreach (var t in sources)
        {
            AddFromTensor(weight, t, destination.Slice(at, t.Size));
            at += t.Size;
        }
    }
}
