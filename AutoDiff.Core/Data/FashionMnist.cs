namespace AutoDiff.Data;

/// <summary>
/// Loads Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from its four IDX files.
/// </summary>
/// <remarks>
/// The files are <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>, each with or without a <c>.gz</c>
/// suffix (the Debian/Ubuntu package <c>dataset-fashion-mnist</c> installs the gzipped ones in
/// <see cref="DefaultDirectory"/>). Pixels are scaled from bytes to [0, 1] by dividing by 255.
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where the <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist/";

    /// <summary>The training images file name, without the optional <c>.gz</c> suffix.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>The training labels file name, without the optional <c>.gz</c> suffix.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>The test images file name, without the optional <c>.gz</c> suffix.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>The test labels file name, without the optional <c>.gz</c> suffix.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    /// <summary>Whether all four files are present in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder to look in; <see langword="null"/> means <see cref="DefaultDirectory"/>.</param>
    /// <returns><see langword="true"/> if the four IDX files (plain or gzipped) exist there.</returns>
    public static bool IsAvailable(string? directory = null)
    {
        string dir = directory ?? DefaultDirectory;
        return IdxImageFolder.Find(dir, TrainImagesFile) is not null
            && IdxImageFolder.Find(dir, TrainLabelsFile) is not null
            && IdxImageFolder.Find(dir, TestImagesFile) is not null
            && IdxImageFolder.Find(dir, TestLabelsFile) is not null;
    }

    /// <summary>Loads the training and test splits.</summary>
    /// <param name="directory">
    /// The folder holding the four IDX files; <see langword="null"/> means <see cref="DefaultDirectory"/>.
    /// </param>
    /// <returns>Both splits, pixels in [0, 1], labels 0 to 9.</returns>
    /// <exception cref="FileNotFoundException">One or more of the four files is missing; the message says how to get them.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt or the files disagree with each other.</exception>
    public static FashionMnistData Load(string? directory = null)
    {
        string dir = directory ?? DefaultDirectory;
        string trainImages = Require(dir, TrainImagesFile);
        string trainLabels = Require(dir, TrainLabelsFile);
        string testImages = Require(dir, TestImagesFile);
        string testLabels = Require(dir, TestLabelsFile);

        ImageSplit train = IdxImageFolder.LoadSplit(trainImages, trainLabels, FashionMnistData.ClassCount);
        ImageSplit test = IdxImageFolder.LoadSplit(testImages, testLabels, FashionMnistData.ClassCount);
        foreach (ImageSplit split in new[] { train, test })
        {
            if (split.Height != FashionMnistData.ImageSize || split.Width != FashionMnistData.ImageSize)
            {
                throw new InvalidDataException(
                    $"Fashion-MNIST images in '{dir}' are {split.Height} × {split.Width}; expected 28 × 28.");
            }
        }

        return new FashionMnistData(train, test);
    }

    private static string Require(string directory, string baseName)
    {
        string? path = IdxImageFolder.Find(directory, baseName);
        if (path is null)
        {
            string fullPath = Path.Combine(directory, baseName);
            throw new FileNotFoundException(
                $"Fashion-MNIST file '{fullPath}' (or '{fullPath}.gz') was not found. " +
                $"Install the data set with 'sudo apt-get install dataset-fashion-mnist' (it goes to {DefaultDirectory}), " +
                $"or pass a directory holding the four IDX files {TrainImagesFile}, {TrainLabelsFile}, " +
                $"{TestImagesFile} and {TestLabelsFile} (each optionally gzipped).",
                fullPath);
        }

        return path;
    }
}
