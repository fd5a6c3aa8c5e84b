using System.Globalization;

namespace AutoDiff.Serialization;

public static partial class SafeTensors
{
    /// <summary>
    /// Metadata keys of the form <c>"crc32c:" + tensor name</c> hold that tensor's CRC-32C (Castagnoli) over its
    /// data bytes, as 8 lower-case hex digits. <see cref="Write(string, IReadOnlyList{SafeTensorEntry}, IReadOnlyDictionary{string, string}?)"/>
    /// stores one per tensor; reading verifies every one present (files from other writers have none and load
    /// as before; other readers see plain string metadata). They do not appear in <see cref="SafeTensorsContent.Metadata"/>.
    /// </summary>
    public const string ChecksumKeyPrefix = "crc32c:";

    private static string FormatChecksum(uint crc) => crc.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Splits the checksum entries off <paramref name="metadata"/>, validating their form and their tensor names.</summary>
    private static Dictionary<string, uint> TakeChecksums(Dictionary<string, string> metadata, HashSet<string> tensorNames, string source)
    {
        var checksums = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var key in metadata.Keys.Where(k => k.StartsWith(ChecksumKeyPrefix, StringComparison.Ordinal)).ToArray())
        {
            string name = key[ChecksumKeyPrefix.Length..];
            string value = metadata[key];
            if (!tensorNames.Contains(name))
            {
                throw Bad(source, $"'{MetadataKey}' holds a checksum for tensor '{name}', which the file does not have (renamed or missing tensor?).");
            }

            if (value.Length != 8 || !uint.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint crc) || value != FormatChecksum(crc))
            {
                throw Bad(source, $"the checksum of tensor '{name}' is '{value}', not 8 lower-case hex digits.");
            }

            checksums.Add(name, crc);
            metadata.Remove(key);
        }

        return checksums;
    }

    private static void VerifyChecksum(string name, ReadOnlySpan<byte> data, uint expected, string source)
    {
        uint actual = Crc32C.Compute(data);
        if (actual != expected)
        {
            throw Bad(source, $"tensor '{name}' fails its checksum (CRC-32C {FormatChecksum(actual)}, stored {FormatChecksum(expected)}): its data is corrupt.");
        }
    }
}
