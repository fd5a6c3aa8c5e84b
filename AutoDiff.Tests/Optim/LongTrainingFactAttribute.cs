using AutoDiff.Data;

namespace AutoDiff.Tests.Optim;

/// <summary>
/// A fact for the long Fashion-MNIST reference runs: skipped unless <c>AUTODIFF_LONG_TESTS=1</c> and the data set is
/// installed, so it never runs in the ordinary test pass.
/// </summary>
public sealed class LongTrainingFactAttribute : FactAttribute
{
    public LongTrainingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("AUTODIFF_LONG_TESTS") != "1")
        {
            Skip = "long training run: set AUTODIFF_LONG_TESTS=1 to run it.";
        }
        else if (!FashionMnist.IsAvailable())
        {
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory}.";
        }
    }
}
