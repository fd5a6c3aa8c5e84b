namespace AutoDiff;

/// <summary>
/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64). The same seed gives the same
/// sequence on every machine and .NET version, unlike <see cref="Random"/> whose algorithm may change.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator from a seed.</summary>
    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var range = (ulong)n;
        var threshold = (0UL - range) % range;
        while (true)
        {
            var high = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double Normal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);

        var u2 = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2.0 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>The generator's complete state, to continue its sequence later with <see cref="SetState"/>.</summary>
    /// <returns>The state (a small value; capturing it allocates nothing).</returns>
    public RngState GetState() => new(_s0, _s1, _s2, _s3, _hasSpare ? _spareNormal : 0, _hasSpare);

    /// <summary>Puts back a state from <see cref="GetState"/>: the generator then continues that sequence bit for bit.</summary>
    /// <param name="state">The state.</param>
    /// <exception cref="ArgumentException">The four state words are all zero (xoshiro256** would then only give zeros).</exception>
    public void SetState(RngState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
        {
            throw new ArgumentException("Rng.SetState: the four state words are all zero, which no generator can reach; pass a state from GetState().", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _spareNormal = state.HasSpareNormal ? state.SpareNormal : 0;
        _hasSpare = state.HasSpareNormal;
    }

    /// <summary>A generator whose stream is independent of this one's, derived deterministically.</summary>
    public Rng Fork() => new(NextUInt64());
}
