namespace AutoDiff.Tests.Architecture;

/// <summary>Finds the repository's checked-in files from the test's output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder that holds AutoDiff.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoDiff.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AutoDiff.sln not found above {AppContext.BaseDirectory}.");
    }
}
