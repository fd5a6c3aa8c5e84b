using System.Globalization;

namespace AutoDiff.Kernels;

/// <summary>
/// The per-core data cache sizes that GEMM and the convolutions block for, read once from Linux's sysfs where
/// available, with common defaults (48 KiB L1, 1 MiB L2, 2 MiB of L3 per core) elsewhere.
/// </summary>
internal static class CacheSizes
{
    /// <summary>Level-1 data cache per core, in bytes.</summary>
    public static int L1 { get; } = Read(1, "Data", 48 * 1024);

    /// <summary>Level-2 cache per core, in bytes.</summary>
    public static int L2 { get; } = Read(2, "Unified", 1024 * 1024);

    /// <summary>Level-3 cache divided by the number of processors sharing it, in bytes (at least <see cref="L2"/>).</summary>
    public static int L3PerCore { get; } = Math.Max(L2, Read(3, "Unified", 2 * 1024 * 1024) / SharingProcessors(3));

    /// <summary>How many processors share the cache of the given level (from its shared_cpu_list; 1 where unknown).</summary>
    private static int SharingProcessors(int level)
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

                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != level.ToString(CultureInfo.InvariantCulture))
                {
                    continue;
                }

                // A list such as "0-7,16-23".
                var count = 0;
                foreach (var range in File.ReadAllText(Path.Combine(dir, "shared_cpu_list")).Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var ends = range.Split('-');
                    count += ends.Length == 2 && int.TryParse(ends[0], CultureInfo.InvariantCulture, out var lo) && int.TryParse(ends[1], CultureInfo.InvariantCulture, out var hi)
                        ? hi - lo + 1
                        : 1;
                }

                return Math.Max(1, count);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 1;
    }

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
