using AutoDiff.Bench.Cli;
using AutoDiff.Data;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Models;

/// <summary>
/// A classification data set for <c>train</c> and <c>probe</c>: training batches, a fixed monitor subset and a
/// validation set. Fashion-MNIST is standardised per pixel with the training split's statistics (as the library's
/// Fashion-MNIST recipes do); the synthetic sets are built in.
/// </summary>
public sealed class ClassificationData
{
    /// <summary>The data sets accepted by <c>--dataset</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fashion-mnist", "spirals", "blobs"];

    private readonly ImageSplit? _trainImages;
    private readonly ImageSplit? _testImages;
    private readonly Dataset? _train;
    private readonly Dataset? _validation;

    private ClassificationData(string name, ImageSplit? trainImages, ImageSplit? testImages, Dataset? train, Dataset? validation)
    {
        Name = name;
        _trainImages = trainImages;
        _testImages = testImages;
        _train = train;
        _validation = validation;
    }

    /// <summary>The data set's name.</summary>
    public string Name { get; }

    /// <summary>Features per example.</summary>
    public int Inputs => _trainImages?.PixelsPerImage ?? _train!.FeatureCount;

    /// <summary>Classes.</summary>
    public int Classes => _trainImages is null ? _train!.ClassCount : FashionMnistData.ClassCount;

    /// <summary>Training examples.</summary>
    public int TrainCount => _trainImages?.Count ?? _train!.Count;

    /// <summary>Validation examples.</summary>
    public int ValidationCount => _testImages?.Count ?? _validation!.Count;

    /// <summary>Shuffled training batches.</summary>
    public DataLoader Loader(int batchSize, bool images, ulong seed) => _trainImages is { } split
        ? new DataLoader(split, batchSize, asImages: images, seed: seed) { ReuseBuffers = true }
        : new DataLoader(_train!, batchSize, seed: seed) { ReuseBuffers = true };

    /// <summary>A fixed random subset of <paramref name="count"/> training examples, whose loss is the monitored curve.</summary>
    public DataLoader Monitor(bool images, int count, ulong seed) => _trainImages is { } split
        ? Trainer.MonitorSubset(split, count, images, seed)
        : new DataLoader(Take(_train!, count), 1000, shuffle: false);

    /// <summary>The validation set in batches of 1,000.</summary>
    public DataLoader Validation(bool images) => _testImages is { } split
        ? new DataLoader(split, 1000, asImages: images, shuffle: false)
        : new DataLoader(_validation!, 1000, shuffle: false);

    /// <summary>The first <paramref name="count"/> training examples as one tensor (the subset a probe's loss averages over).</summary>
    public (Tensor X, int[] Labels) Subset(bool images, int count)
    {
        if (_trainImages is { } split)
        {
            var part = Take(split, count);
            return (part.ToTensor(images), part.Labels);
        }

        var data = Take(_train!, count);
        return (Tensor.FromArray(data.Features, new Shape(data.Count, data.FeatureCount)).To(DType.Float32), data.Labels!);
    }

    /// <summary>
    /// Loads <paramref name="name"/>: Fashion-MNIST from <paramref name="directory"/> (the Debian package's folder by
    /// default) or a built-in synthetic set. <paramref name="limit"/> &gt; 0 keeps that many training examples (and a
    /// fifth as many, at least 500, validation examples).
    /// </summary>
    public static ClassificationData Load(string name, string? directory, int limit, ulong seed)
    {
        if (name == "fashion-mnist")
        {
            var dir = directory ?? FashionMnist.DefaultDirectory;
            if (!FashionMnist.IsAvailable(dir))
            {
                throw new UsageException(directory is null
                    ? $"Fashion-MNIST is not installed in {dir}; install it with 'apt-get install dataset-fashion-mnist', pass --data DIR (a folder with train-images-idx3-ubyte[.gz] and the three other IDX files), or use --dataset spirals."
                    : $"--data '{directory}' does not hold Fashion-MNIST (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]); 'apt-get install dataset-fashion-mnist' puts them in {FashionMnist.DefaultDirectory}.");
            }

            var (train, test) = FashionMnistRecipes.Standardise(FashionMnist.Load(dir));
            return limit > 0
                ? new ClassificationData(name, Take(train, limit), Take(test, Math.Max(500, limit / 5)), null, null)
                : new ClassificationData(name, train, test, null, null);
        }

        var count = limit > 0 ? limit : 2000;
        var all = name switch
        {
            "spirals" => SyntheticData.TwoSpirals(count + 500, seed),
            "blobs" => SyntheticData.GaussianBlobs(count + 500, 4, 8, seed, standardDeviation: 2.0),
            // Callers check the name first (options, model.json); an unknown one must not become blobs silently.
            _ => throw new UsageException($"unknown data set '{name}'; allowed: {string.Join(", ", Names)}."),
        };
        var (trainSet, validationSet) = Split(all, count, seed);
        return new ClassificationData(name, null, null, trainSet, validationSet);
    }

    /// <summary>A seeded random split into <paramref name="count"/> training examples and the rest.</summary>
    private static (Dataset Train, Dataset Validation) Split(Dataset data, int count, ulong seed)
    {
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Rng(seed + 17).Shuffle(order.AsSpan());
        Dataset Pick(ReadOnlySpan<int> rows)
        {
            var features = new double[rows.Length * data.FeatureCount];
            var labels = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                data.GetRow(rows[i]).CopyTo(features.AsSpan(i * data.FeatureCount));
                labels[i] = data.Labels![rows[i]];
            }

            return Dataset.Classification(features, rows.Length, data.FeatureCount, labels, data.ClassCount);
        }

        return (Pick(order.AsSpan(0, count)), Pick(order.AsSpan(count)));
    }

    private static ImageSplit Take(ImageSplit split, int count)
    {
        count = Math.Min(count, split.Count);
        return count == split.Count ? split : new ImageSplit(split.Images.AsSpan(0, count * split.PixelsPerImage).ToArray(), split.Labels.AsSpan(0, count).ToArray(), count, split.Height, split.Width);
    }

    private static Dataset Take(Dataset data, int count)
    {
        count = Math.Min(count, data.Count);
        return Dataset.Classification(data.Features.AsSpan(0, count * data.FeatureCount).ToArray(), count, data.FeatureCount, data.Labels!.AsSpan(0, count).ToArray(), data.ClassCount);
    }
}
