namespace AutoDiff.Bench.Cli;

/// <summary>The report folder (<c>--out</c>): created and proved writable before any work starts.</summary>
public static class OutputFolder
{
    /// <summary>The default folder, relative to the working directory.</summary>
    public const string Default = "autodiff-out";

    /// <summary>Creates <paramref name="path"/> if needed and writes and deletes a probe file in it; throws <see cref="UsageException"/> if it cannot.</summary>
    public static string Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full))
            {
                throw new UsageException($"--out '{path}' is a file, not a folder; pass a folder to write the report into.");
            }

            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"--out '{path}' is not writable ({e.Message.TrimEnd('.')}); pass a folder you can write to with --out DIR.", e);
        }
    }
}
