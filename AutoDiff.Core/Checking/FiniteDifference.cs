namespace AutoDiff.Checking;

/// <summary>Shared pieces of the finite-difference checks.</summary>
internal static class FiniteDifference
{
    public static void RequireFloat64(string op, Tensor x)
    {
        if (x.DType != DType.Float64)
        {
            throw new ArgumentException(
                $"{op}: finite differences need Float64 inputs, got {x.DType} (shape {x.Shape}); in float32 the step is lost in rounding. " +
                "Convert with x.To(DType.Float64) and build the function in Float64.");
        }
    }

    /// <summary>x + s·v as a new tensor (untracked).</summary>
    public static Tensor Shifted(Tensor x, Tensor v, double s)
    {
        var r = x.Clone();
        for (var i = 0; i < r.Size; i++)
        {
            r.SetFlat(i, x.GetFlat(i) + (s * v.GetFlat(i)));
        }

        return r;
    }

    /// <summary>f evaluated with tape and tangents out of the way.</summary>
    public static Tensor Eval(Func<Tensor, Tensor> f, Tensor x)
    {
        using (Tape.NoGrad())
        {
            return f(x.Detach());
        }
    }

    /// <summary>f evaluated on several arguments with tape and tangents out of the way.</summary>
    public static Tensor Eval(Func<Tensor[], Tensor> f, Tensor[] xs)
    {
        using (Tape.NoGrad())
        {
            return f(xs.Select(x => x.Detach()).ToArray());
        }
    }

    /// <summary>A copy of the argument list with argument <paramref name="a"/> replaced.</summary>
    public static Tensor[] Replaced(Tensor[] xs, int a, Tensor x)
    {
        var copy = (Tensor[])xs.Clone();
        copy[a] = x;
        return copy;
    }

    public static string Location(Shape shape, int flat, int argument = -1)
    {
        var index = new int[shape.Rank];
        for (var i = shape.Rank - 1; i >= 0; i--)
        {
            index[i] = flat % Math.Max(shape[i], 1);
            flat /= Math.Max(shape[i], 1);
        }

        var s = "[" + string.Join(", ", index) + "]";
        return argument >= 0 ? $"argument {argument} {s}" : s;
    }

    public static double Dot(Tensor a, Tensor b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Size; i++)
        {
            s += a.GetFlat(i) * b.GetFlat(i);
        }

        return s;
    }
}
