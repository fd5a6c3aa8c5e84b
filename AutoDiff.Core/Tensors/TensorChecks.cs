namespace AutoDiff;

/// <summary>Argument checks shared by tensor operations, naming the operation and both shapes or dtypes.</summary>
internal static class TensorChecks
{
    public static void SameShape(string op, Tensor a, Tensor b)
    {
        if (a.Shape != b.Shape)
        {
            throw new ArgumentException($"{op}: shapes {a.Shape} and {b.Shape} must be equal.");
        }
    }

    public static void SameDType(string op, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"{op}: dtypes {a.DType} and {b.DType} differ (shapes {a.Shape} and {b.Shape}); convert one with .To(DType).");
        }
    }
}
