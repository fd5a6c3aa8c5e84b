namespace AutoDiff.Nn;

/// <summary>
/// Seeded weight initialisers, filling a tensor in place (like <c>torch.nn.init</c>). Fans follow PyTorch: for a
/// weight [out, in, k…], fan_in = in·∏k and fan_out = out·∏k; for a vector both are its length.
/// </summary>
public static class Init
{
    private static readonly Lock s_lock = new();
    private static Rng s_default = new(0x5EED);

    /// <summary>Re-seeds the generator that layers use when none is given (like <c>torch.manual_seed</c>).</summary>
    /// <param name="seed">The seed.</param>
    public static void SetDefaultSeed(ulong seed)
    {
        lock (s_lock)
        {
            s_default = new Rng(seed);
        }
    }

    /// <summary>A generator forked from the default one: what a layer built without an explicit <see cref="Rng"/> uses.</summary>
    /// <returns>A new generator; successive calls give different streams, reproducibly from the default seed.</returns>
    public static Rng NextDefaultRng()
    {
        lock (s_lock)
        {
            return s_default.Fork();
        }
    }

    /// <summary>(fan_in, fan_out) of a weight shape, as PyTorch computes them.</summary>
    /// <param name="shape">The weight shape (rank ≥ 1).</param>
    /// <returns>The two fans.</returns>
    public static (int FanIn, int FanOut) Fans(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Rank == 0)
        {
            throw new ArgumentException("Init: fans are undefined for a scalar.", nameof(shape));
        }

        if (shape.Rank == 1)
        {
            return (shape[0], shape[0]);
        }

        var receptive = 1;
        for (var i = 2; i < shape.Rank; i++)
        {
            receptive *= shape[i];
        }

        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Fills with U(low, high).</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Uniform(Tensor tensor, Rng rng, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        for (var i = 0; i < tensor.Size; i++)
        {
            tensor.SetFlat(i, rng.Uniform(low, high));
        }

        return tensor;
    }

    /// <summary>Fills with N(mean, std²).</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Normal(Tensor tensor, Rng rng, double mean = 0, double std = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        for (var i = 0; i < tensor.Size; i++)
        {
            tensor.SetFlat(i, mean + (std * rng.Normal()));
        }

        return tensor;
    }

    /// <summary>Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">The weight to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="gain">The scaling gain.</param>
    /// <returns>The tensor.</returns>
    public static Tensor GlorotUniform(Tensor tensor, Rng rng, double gain = 1)
    {
        var (fanIn, fanOut) = Fans(tensor.Shape);
        var a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, rng, -a, a);
    }

    /// <summary>Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">The weight to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="gain">The scaling gain.</param>
    /// <returns>The tensor.</returns>
    public static Tensor GlorotNormal(Tensor tensor, Rng rng, double gain = 1)
    {
        var (fanIn, fanOut) = Fans(tensor.Shape);
        return Normal(tensor, rng, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>He/Kaiming uniform for ReLU networks: U(−b, b) with b = gain·√(3 / fan), gain = √2 by default, fan = fan_in unless <paramref name="fanOut"/>.</summary>
    /// <param name="tensor">The weight to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="gain">The gain (√2 for ReLU).</param>
    /// <param name="fanOut">Use fan_out (preserves the backward pass's variance) instead of fan_in.</param>
    /// <returns>The tensor.</returns>
    public static Tensor HeUniform(Tensor tensor, Rng rng, double gain = 1.4142135623730951, bool fanOut = false)
    {
        var fans = Fans(tensor.Shape);
        var b = gain * Math.Sqrt(3.0 / (fanOut ? fans.FanOut : fans.FanIn));
        return Uniform(tensor, rng, -b, b);
    }

    /// <summary>He/Kaiming normal: N(0, σ²) with σ = gain / √fan, gain = √2 by default, fan = fan_in unless <paramref name="fanOut"/>.</summary>
    /// <param name="tensor">The weight to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="gain">The gain (√2 for ReLU).</param>
    /// <param name="fanOut">Use fan_out instead of fan_in.</param>
    /// <returns>The tensor.</returns>
    public static Tensor HeNormal(Tensor tensor, Rng rng, double gain = 1.4142135623730951, bool fanOut = false)
    {
        var fans = Fans(tensor.Shape);
        return Normal(tensor, rng, 0, gain / Math.Sqrt(fanOut ? fans.FanOut : fans.FanIn));
    }

    /// <summary>PyTorch's default for Linear and Conv weights and biases: U(−1/√fan_in, 1/√fan_in).</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="rng">The generator.</param>
    /// <param name="fanIn">The fan-in of the layer the tensor belongs to.</param>
    /// <returns>The tensor.</returns>
    public static Tensor FanInUniform(Tensor tensor, Rng rng, int fanIn)
    {
        var bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        return Uniform(tensor, rng, -bound, bound);
    }

    /// <summary>Fills with zeros.</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Fills with <paramref name="value"/>.</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="value">The value.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Constant(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Fill(value);
        return tensor;
    }
}
