namespace AutoDiff.Data;

/// <summary>
/// One split (train or test) of a labelled image data set such as Fashion-MNIST: grey-scale images as
/// floats in [0, 1], row-major, one image after another, with one integer label per image.
/// </summary>
public sealed class ImageSplit
{
    /// <summary>Creates a split after checking that the arrays agree with the counts.</summary>
    /// <param name="images">The pixels, <paramref name="count"/> × <paramref name="height"/> × <paramref name="width"/> floats.</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="count">The number of images.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <exception cref="ArgumentException">The array lengths do not match the counts.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative.</exception>
    public ImageSplit(float[] images, int[] labels, int count, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)count * height * width != images.Length)
        {
            throw new ArgumentException(
                $"Expected {count} × {height} × {width} = {(long)count * height * width} pixels, got {images.Length}.",
                nameof(images));
        }

        if (labels.Length != count)
        {
            throw new ArgumentException($"Expected {count} labels, got {labels.Length}.", nameof(labels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"ImageSplit: label {labels[i]} of image {i} is negative; class labels are 0, 1, 2, ….");
            }
        }

        Images = images;
        Labels = labels;
        Count = count;
        Height = height;
        Width = width;
    }

    /// <summary>The pixels, row-major: image <c>i</c> occupies <c>[i * PixelsPerImage, (i + 1) * PixelsPerImage)</c>.</summary>
    public float[] Images { get; }

    /// <summary>The class label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The image height in pixels.</summary>
    public int Height { get; }

    /// <summary>The image width in pixels.</summary>
    public int Width { get; }

    /// <summary>The number of pixels in one image, <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    /// <param name="index">The image index, 0 to <see cref="Count"/> − 1.</param>
    /// <returns>A view of <see cref="PixelsPerImage"/> floats.</returns>
    public ReadOnlySpan<float> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
