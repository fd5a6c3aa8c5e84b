namespace AutoDiff.Data;

/// <summary>
/// The Fashion-MNIST data set: 60,000 training and 10,000 test images of 28 × 28 grey-scale pixels in
/// [0, 1], each labelled with one of ten clothing classes.
/// </summary>
public sealed class FashionMnistData
{
    private static readonly string[] s_classNames =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>Creates the data set from its two splits.</summary>
    /// <param name="train">The training split.</param>
    /// <param name="test">The test split.</param>
    public FashionMnistData(ImageSplit train, ImageSplit test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        Train = train;
        Test = test;
    }

    /// <summary>The number of classes, 10.</summary>
    public const int ClassCount = 10;

    /// <summary>The image height and width in pixels, 28.</summary>
    public const int ImageSize = 28;

    /// <summary>The number of pixels in one image, 784.</summary>
    public const int PixelsPerImage = ImageSize * ImageSize;

    /// <summary>The class names, indexed by label: 0 is "T-shirt/top", …, 9 is "Ankle boot".</summary>
    public static IReadOnlyList<string> ClassNames => s_classNames;

    /// <summary>The training split (60,000 images in the standard files).</summary>
    public ImageSplit Train { get; }

    /// <summary>The test split (10,000 images in the standard files).</summary>
    public ImageSplit Test { get; }

    /// <summary>The training images, <see cref="TrainCount"/> × 784 floats in [0, 1].</summary>
    public float[] TrainImages => Train.Images;

    /// <summary>The training labels, 0 to 9.</summary>
    public int[] TrainLabels => Train.Labels;

    /// <summary>The number of training images.</summary>
    public int TrainCount => Train.Count;

    /// <summary>The test images, <see cref="TestCount"/> × 784 floats in [0, 1].</summary>
    public float[] TestImages => Test.Images;

    /// <summary>The test labels, 0 to 9.</summary>
    public int[] TestLabels => Test.Labels;

    /// <summary>The number of test images.</summary>
    public int TestCount => Test.Count;
}
