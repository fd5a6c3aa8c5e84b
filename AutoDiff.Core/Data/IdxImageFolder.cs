namespace AutoDiff.Data;

/// <summary>
/// Loads an MNIST-layout folder: four IDX files (train and test images and labels), each plain or gzipped.
/// Shared by the Fashion-MNIST loader and any other data set with the same layout.
/// </summary>
internal static class IdxImageFolder
{
    /// <summary>
    /// Finds <paramref name="baseName"/> in <paramref name="directory"/>, with or without a <c>.gz</c> suffix;
    /// returns <see langword="null"/> if neither exists.
    /// </summary>
    public static string? Find(string directory, string baseName)
    {
        string gz = Path.Combine(directory, baseName + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string plain = Path.Combine(directory, baseName);
        return File.Exists(plain) ? plain : null;
    }

    /// <summary>Loads one split from an images file and a labels file and checks that they agree.</summary>
    /// <param name="imagesPath">The IDX images file (magic <c>0x00000803</c>).</param>
    /// <param name="labelsPath">The IDX labels file (magic <c>0x00000801</c>).</param>
    /// <param name="classCount">Labels must lie in [0, classCount).</param>
    public static ImageSplit LoadSplit(string imagesPath, string labelsPath, int classCount)
    {
        IdxFile images = IdxReader.Read(imagesPath);
        IdxFile labels = IdxReader.Read(labelsPath);
        if (images.DataType != IdxDataType.UnsignedByte || images.Dimensions.Count != 3)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' should hold unsigned-byte images (magic 0x00000803) but has magic 0x{images.MagicNumber:X8}.");
        }

        if (labels.DataType != IdxDataType.UnsignedByte || labels.Dimensions.Count != 1)
        {
            throw new InvalidDataException(
                $"'{labelsPath}' should hold unsigned-byte labels (magic 0x00000801) but has magic 0x{labels.MagicNumber:X8}.");
        }

        int count = images.Dimensions[0];
        int height = images.Dimensions[1];
        int width = images.Dimensions[2];
        if (labels.Dimensions[0] != count)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Dimensions[0]} labels.");
        }

        var labelArray = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = labels.Data[i];
            if (label >= classCount)
            {
                throw new InvalidDataException(
                    $"'{labelsPath}' has label {label} at index {i}; labels must lie in [0, {classCount}).");
            }

            labelArray[i] = label;
        }

        byte[] raw = images.Data;
        var pixels = new float[raw.Length];
        const float scale = 1f / 255f;
        for (int i = 0; i < raw.Length; i++)
        {
            pixels[i] = raw[i] * scale;
        }

        return new ImageSplit(pixels, labelArray, count, height, width);
    }
}
