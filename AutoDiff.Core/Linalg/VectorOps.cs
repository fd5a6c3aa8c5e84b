namespace AutoDiff.Linalg;

/// <summary>Small dense-vector helpers for the iterative methods (double precision throughout).</summary>
internal static class VectorOps
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Kernels.Reductions.Dot(a, b);

    public static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    /// <summary>y += s·x.</summary>
    public static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Axpy: x has {x.Length} entries but y has {y.Length}.");
        }

        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var w = System.Numerics.Vector<double>.Count;
            var vs = new System.Numerics.Vector<double>(s);
            for (; i <= y.Length - w; i += w)
            {
                (new System.Numerics.Vector<double>(y.Slice(i)) + (vs * new System.Numerics.Vector<double>(x.Slice(i)))).CopyTo(y.Slice(i));
            }
        }

        for (; i < y.Length; i++)
        {
            y[i] += s * x[i];
        }
    }

    public static void Scale(Span<double> x, double s)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= s;
        }
    }

    public static double[] RandomUnit(int n, Rng rng)
    {
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = rng.Normal();
        }

        Scale(v, 1 / Norm(v));
        return v;
    }

    /// <summary>‖Au − λu‖.</summary>
    public static double Residual(ILinearOperator op, double[] u, double lambda)
    {
        var au = new double[u.Length];
        op.Apply(u, au);
        Axpy(-lambda, u, au);
        return Norm(au);
    }
}
