namespace AutoDiff.Bench.Micro;

/// <summary>Seeded inputs shared by the benchmark classes.</summary>
public static class MicroData
{
    /// <summary>An odd length, so every vectorised loop also runs its scalar tail.</summary>
    public const int OddSize = 100_003;

    /// <summary>The AutoDiff element type of <typeparamref name="T"/>.</summary>
    public static DType DTypeOf<T>() => typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;

    /// <summary>A tensor of uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform<T>(Shape shape, ulong seed, double low = -1, double high = 1) => Tensor.Rand(shape, new Rng(seed), low, high, DTypeOf<T>());
}
