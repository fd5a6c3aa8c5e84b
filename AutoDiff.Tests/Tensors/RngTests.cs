

namespace AutoDiff.Tests.Tensors;

public sealed class RngTests
{
    [Fact]
    public void NextUInt64_Seed42_MatchesReferenceSequence()
    {
        // xoshiro256** seeded by SplitMix64(42), computed with an independent implementation of the reference C code.
        var rng = new Rng(42);

        Assert.Equal(0x15780b2e0c2ec716UL, rng.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, rng.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, rng.NextUInt64());
    }

    [Fact]
    public void NextDouble_InUnitInterval()
    {
        var rng = new Rng(7);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(rng.NextDouble(), 0.0, 1.0 - double.Epsilon);
        }
    }

    [Fact]
    public void Normal_HasZeroMeanAndUnitVariance()
    {
        var rng = new Rng(123);
        const int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double z = rng.Normal();
            sum += z;
            sumSquares += z * z;
        }

        double mean = sum / n;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange((sumSquares / n) - (mean * mean), 0.98, 1.02);
    }

    [Fact]
    public void NextInt_StaysBelowBound()
    {
        var rng = new Rng(5);
        var seen = new bool[7];
        for (int i = 0; i < 1000; i++)
        {
            seen[rng.NextInt(7)] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void SetState_StateFromMidSequenceWithASpareNormal_ContinuesBitIdentically()
    {
        var rng = new Rng(5);
        rng.NextUInt64();
        rng.Normal();   // leaves the pair's second value pending
        var state = rng.GetState();
        Assert.True(state.HasSpareNormal);
        var expected = new[] { rng.Normal(), rng.Normal(), rng.NextDouble(), rng.Normal() };

        var other = new Rng(99);
        other.Normal();
        other.SetState(state);
        Assert.Equal(expected, new[] { other.Normal(), other.Normal(), other.NextDouble(), other.Normal() });
        Assert.Equal(rng.GetState(), other.GetState());
    }

    [Fact]
    public void SetState_AllZeroWords_ThrowsNamingTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new Rng(1).SetState(default));
        Assert.Contains("all zero", e.Message, StringComparison.Ordinal);
    }
}
