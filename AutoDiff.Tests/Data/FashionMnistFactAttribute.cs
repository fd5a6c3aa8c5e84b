using System.Runtime.CompilerServices;
using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

/// <summary>
/// A fact that runs only where the real Fashion-MNIST files are installed
/// (<c>sudo apt-get install dataset-fashion-mnist</c>; CI installs it), and is skipped elsewhere.
/// </summary>
/// <remarks>
/// <c>dotnet test</c> at its default verbosity prints a skipped test's name but not its skip reason, so when the data
/// is missing the reason goes into the display name too, where nobody can miss it.
/// </remarks>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; <paramref name="testName"/> is filled in by the compiler.</summary>
    public FashionMnistFactAttribute([CallerMemberName] string testName = "")
        : this(FashionMnist.IsAvailable(), testName)
    {
    }

    /// <summary>Creates the attribute as if the data set were (or were not) installed.</summary>
    internal FashionMnistFactAttribute(bool available, string testName)
    {
        if (!available)
        {
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory} (sudo apt-get install dataset-fashion-mnist).";
            DisplayName = $"{testName} [skipped: {Skip}]";
        }
    }
}
