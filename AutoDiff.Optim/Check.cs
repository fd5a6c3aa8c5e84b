namespace AutoDiff.Optim;

/// <summary>Hyper-parameter validation with messages that name the owner, the hyper-parameter and its value.</summary>
internal static class Check
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string owner, string name, double value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} = {value} is invalid; it must be {rule}.");
        }
    }
}
