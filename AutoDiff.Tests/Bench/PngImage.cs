using System.Buffers.Binary;
using System.IO.Compression;

namespace AutoDiff.Tests.Bench;

/// <summary>A minimal PNG reader for the tests: signature, IHDR, and 8-bit RGB/RGBA pixels (non-interlaced) to measure blankness.</summary>
public sealed class PngImage
{
    private static readonly byte[] s_signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, byte[]? rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, 4 bytes each, when the format was decodable (8-bit RGB or RGBA).</summary>
    public byte[]? Rgba { get; }

    /// <summary>Reads <paramref name="path"/>; throws if it is not a PNG.</summary>
    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33 && bytes.AsSpan(0, 8).SequenceEqual(s_signature), $"{path} does not start with the PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        int bitDepth = bytes[24], colorType = bytes[25], interlace = bytes[28];
        var idat = new MemoryStream();
        var at = 8;
        while (at + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(bytes, at + 8, length);
            }

            if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        Assert.True(idat.Length > 0, $"{path} has no image data");
        if (bitDepth != 8 || interlace != 0 || (colorType != 2 && colorType != 6))
        {
            return new PngImage(width, height, null);
        }

        var channels = colorType == 6 ? 4 : 3;
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var data = raw.ToArray();
        var stride = width * channels;
        var current = new byte[stride];
        var previous = new byte[stride];
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            Array.Copy(data, (y * (stride + 1)) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                });
            }

            for (var x = 0; x < width; x++)
            {
                for (var ch = 0; ch < 4; ch++)
                {
                    rgba[(((y * width) + x) * 4) + ch] = ch < channels ? current[(x * channels) + ch] : (byte)255;
                }
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(width, height, rgba);
    }

    /// <summary>The share of pixels that differ from the most common colour (0 for a blank image).</summary>
    public double NonBackgroundFraction()
    {
        Assert.NotNull(Rgba);
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < Rgba.Length; i += 4)
        {
            var key = (Rgba[i] << 16) | (Rgba[i + 1] << 8) | Rgba[i + 2];
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return 1 - ((double)counts.Values.Max() / (Width * Height));
    }

    /// <summary>How many distinct colours the image has.</summary>
    public int DistinctColours()
    {
        Assert.NotNull(Rgba);
        var set = new HashSet<int>();
        for (var i = 0; i < Rgba.Length; i += 4)
        {
            set.Add((Rgba[i] << 16) | (Rgba[i + 1] << 8) | Rgba[i + 2]);
        }

        return set.Count;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
