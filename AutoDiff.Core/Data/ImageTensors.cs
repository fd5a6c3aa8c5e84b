namespace AutoDiff.Data;

/// <summary>Turns image splits (such as Fashion-MNIST's) into tensors for whole-set evaluation.</summary>
public static class ImageTensors
{
    /// <summary>The images of <paramref name="split"/> as one tensor, [N, H·W] or, with <paramref name="asImages"/>, [N, 1, H, W].</summary>
    /// <param name="split">The split.</param>
    /// <param name="asImages">Whether to shape the examples as single-channel images.</param>
    /// <param name="dtype">The element type.</param>
    /// <returns>A new tensor (a copy of the pixels).</returns>
    public static Tensor ToTensor(this ImageSplit split, bool asImages = false, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(split);
        var shape = new Shape([split.Count, .. ExampleShape(split, asImages)]);
        var x = Tensor.FromArray(split.Images, shape);
        return dtype == DType.Float32 ? x : x.To(dtype);
    }

    /// <summary>The train and test splits as (images, labels) tensors and arrays.</summary>
    /// <param name="data">The data set.</param>
    /// <param name="asImages">Whether to shape the examples as single-channel images.</param>
    /// <param name="dtype">The element type.</param>
    /// <returns>Training images and labels, test images and labels.</returns>
    public static (Tensor TrainX, int[] TrainLabels, Tensor TestX, int[] TestLabels) ToTensors(this FashionMnistData data, bool asImages = false, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(data);
        return (data.Train.ToTensor(asImages, dtype), data.TrainLabels, data.Test.ToTensor(asImages, dtype), data.TestLabels);
    }

    internal static Shape ExampleShape(ImageSplit split, bool asImages)
        => asImages ? new Shape(1, split.Height, split.Width) : new Shape(split.PixelsPerImage);
}
