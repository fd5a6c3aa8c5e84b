using System.Reflection;
using PublicApiGenerator;

namespace AutoDiff.Tests.Architecture;

/// <summary>
/// The public API of each library is kept in a checked-in file (PublicApi.&lt;assembly&gt;.txt beside this test), so
/// every change to it is deliberate. On a difference the test writes PublicApi.&lt;assembly&gt;.received.txt next to
/// the baseline; to accept the change, run the tests again with AUTODIFF_ACCEPT_API=1 (or copy the received file over
/// the baseline) and commit the baseline.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Assemblies => new() { "AutoDiff.Core", "AutoDiff.Optim" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicApi_MatchesTheCheckedInBaseline(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            ExcludeAttributes = ["System.Runtime.CompilerServices.NullableContextAttribute", "System.Runtime.CompilerServices.NullableAttribute"],
        }).ReplaceLineEndings("\n");

        var folder = Path.Combine(RepositoryFiles.Root, "AutoDiff.Tests", "Architecture");
        var baseline = Path.Combine(folder, $"PublicApi.{assemblyName}.txt");
        var received = Path.Combine(folder, $"PublicApi.{assemblyName}.received.txt");
        var expected = File.Exists(baseline) ? File.ReadAllText(baseline).ReplaceLineEndings("\n") : null;
        if (expected == api)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable("AUTODIFF_ACCEPT_API") == "1")
        {
            WriteAtomically(baseline, api);
            File.Delete(received);
            return;
        }

        WriteAtomically(received, api);
        Assert.Fail(
            $"The public API of {assemblyName} differs from {baseline}" +
            (expected is null ? " (no baseline yet)" : $" (first difference at line {FirstDifferentLine(expected, api)})") +
            $". The new API is in {received}. If the change is deliberate, accept it: run `AUTODIFF_ACCEPT_API=1 dotnet test " +
            "AutoDiff.sln -c Release --filter FullyQualifiedName~PublicApiTests` (or copy the received file over the baseline) and commit the baseline.");
    }

    private static int FirstDifferentLine(string a, string b)
    {
        var x = a.Split('\n');
        var y = b.Split('\n');
        var i = 0;
        while (i < x.Length && i < y.Length && x[i] == y[i])
        {
            i++;
        }

        return i + 1;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
