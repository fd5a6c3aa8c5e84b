using AutoDiff.Data;

namespace AutoDiff.Tests.Linalg;

/// <summary>A long fact (minutes): runs only with AUTODIFF_LONG=1 and the real Fashion-MNIST installed.</summary>
public sealed class LongFashionMnistFactAttribute : FactAttribute
{
    public LongFashionMnistFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("AUTODIFF_LONG") != "1")
        {
            Skip = "A long reproduction: set AUTODIFF_LONG=1 to run it.";
        }
        else if (!FashionMnist.IsAvailable())
        {
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory}.";
        }
    }
}
