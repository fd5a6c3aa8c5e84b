namespace AutoDiff.Tests.Autodiff;

/// <summary>How input values are drawn: away from kinks and outside domains where the derivative does not exist.</summary>
public enum Domain
{
    /// <summary>Uniform in [−2, 2].</summary>
    Any,

    /// <summary>Uniform in [0.2, 3].</summary>
    Positive,

    /// <summary>|x| in [0.1, 2] with a random sign (away from the kink of relu, abs, …).</summary>
    AwayFromZero,

    /// <summary>Uniform in [−1, 1] but at least 0.05 from ±0.5 (the clamp bounds used in tests).</summary>
    AwayFromHalf,

    /// <summary>
    /// A shuffled even grid over [−2, 2]: any two values at least 4/size apart, so that a finite-difference step never
    /// swaps which one is largest (max pooling's argmax; uniform values once came 2e-6 apart and flipped it).
    /// </summary>
    Distinct,

    /// <summary>A multiple of 0.1 in [−2, 2]: against <see cref="OffGrid"/> values, never within 0.05 (Maximum, Minimum).</summary>
    OnGrid,

    /// <summary>A multiple of 0.1 plus 0.05, in [−1.95, 2.05].</summary>
    OffGrid,
}

/// <summary>One randomly drawn application of an operation: input shapes, their domains and a seed for the values.</summary>
public sealed record OpCase(string Name, Shape[] Shapes, Domain[] Domains, Func<Tensor[], Tensor> F, ulong Seed, string Detail = "")
{
    public Tensor[] Inputs()
    {
        var rng = new Rng(Seed);
        return Shapes.Select((s, i) => Values(s, Domains[i], rng)).ToArray();
    }

    public static Tensor Values(Shape shape, Domain domain, Rng rng)
    {
        var t = Tensor.Zeros(shape, DType.Float64);
        if (domain == Domain.Distinct)
        {
            var grid = Enumerable.Range(0, t.Size).Select(i => -2 + (4.0 * (i + 0.5) / t.Size)).ToArray();
            for (var i = grid.Length - 1; i > 0; i--)
            {
                var j = rng.NextInt(i + 1);
                (grid[i], grid[j]) = (grid[j], grid[i]);
            }

            for (var i = 0; i < grid.Length; i++)
            {
                t.SetFlat(i, grid[i]);
            }

            return t;
        }

        for (var i = 0; i < t.Size; i++)
        {
            t.SetFlat(i, domain switch
            {
                Domain.Positive => rng.Uniform(0.2, 3),
                Domain.AwayFromZero => rng.Uniform(0.1, 2) * (rng.NextDouble() < 0.5 ? -1 : 1),
                Domain.AwayFromHalf => AwayFromHalf(rng),
                Domain.OnGrid => (rng.NextInt(41) - 20) * 0.1,
                Domain.OffGrid => ((rng.NextInt(41) - 20) * 0.1) + 0.05,
                _ => rng.Uniform(-2, 2),
            });
        }

        return t;
    }

    private static double AwayFromHalf(Rng rng)
    {
        while (true)
        {
            var x = rng.Uniform(-1, 1);
            if (Math.Abs(Math.Abs(x) - 0.5) > 0.05)
            {
                return x;
            }
        }
    }

    public override string ToString()
        => $"{Name}({string.Join(", ", Shapes.Select(s => s.ToString()))}){(Detail.Length > 0 ? " " + Detail : "")} seed {Seed}";
}
