using System.Globalization;

namespace AutoDiff.Kernels;

/// <summary>
/// The per-core data cache sizes that GEMM blocks for, read once from Linux's sysfs where available, with
/// common defaults (48 KiB L1, 1 MiB L2) elsewhere.
/// </summary>
internal static class CacheSizes
{
    /// <summary>Level-1 data cache per core, in bytes.</summary>
    public static int L1 { get; } = Read(1, "Data", 48 * 1024);

    /// <summary>Level-2 cache per core, in bytes.</summary>
    public static int L2 { get; } = Read(2, "Unified", 1024 * 1024);

    private static int Read(int level, string type, int fallback)
    {
        try
        {
            for (var index = 0; index < 8; index++)
            {
                var dir = $"/sys/devices/system/cpu/cpu0/cache/index{index}";
                if (!Directory.Exists(dir))
                {
                    break;
                }

                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != level.ToString(CultureInfo.InvariantCulture)
                    || File.ReadAllText(Path.Combine(dir, "type")).Trim() != type)
                {
                    continue;
                }

                var size = File.ReadAllText(Path.Combine(dir, "size")).Trim();
                if (size.EndsWith('K') && int.TryParse(size.AsSpan(0, size.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var kib) && kib > 0)
                {
                    return kib * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return fallback;
    }
}
