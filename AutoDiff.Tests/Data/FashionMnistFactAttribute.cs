using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

/// <summary>
/// A fact that runs only where the real Fashion-MNIST files are installed
/// (<c>sudo apt-get install dataset-fashion-mnist</c>; CI installs it), and is skipped elsewhere.
/// </summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!FashionMnist.IsAvailable())
        {
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory} (sudo apt-get install dataset-fashion-mnist).";
        }
    }
}
