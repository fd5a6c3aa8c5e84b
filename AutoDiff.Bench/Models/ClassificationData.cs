using AutoDiff.Bench.Cli;
using AutoDiff.Data;

namespace AutoDiff.Bench.Models;

/// <summary>A classification data set for <c>train</c> and <c>probe</c>: a loader over the training examples, a fixed monitor subset and a validation set.</summary>
public sealed class ClassificationData
{
    /// <summary>The data sets accepted by <c>--dataset</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fashion-mnist", "spirals", "blobs"];

    private ClassificationData(string name, int inputs, int classes, int trainCount, Func<int, bool, ulong, DataLoader> loader, Func<bool, int, (Tensor, int[])> monitor, Func<bool, (Tensor, int[])> validation)
    {
        Name = name;
        Inputs = inputs;
        Classes = classes;
        TrainCount = trainCount;
        _loader = loader;
        _monitor = monitor;
        _validation = validation;
    }

    private readonly Func<int, bool, ulong, DataLoader> _loader;
    private readonly Func<bool, int, (Tensor, int[])> _monitor;
    private readonly Func<bool, (Tensor, int[])> _validation;

    /// <summary>The data set's name.</summary>
    public string Name { get; }

    /// <summary>Features per example.</summary>
    public int Inputs { get; }

    /// <summary>Classes.</summary>
    public int Classes { get; }

    /// <summary>Training examples.</summary>
    public int TrainCount { get; }

    /// <summary>A shuffled loader with a reused batch buffer.</summary>
    public DataLoader Loader(int batchSize, bool images, ulong seed) => _loader(batchSize, images, seed);

    /// <summary>The first <paramref name="count"/> training examples, the fixed subset whose loss is monitored.</summary>
    public (Tensor X, int[] Labels) Monitor(bool images, int count) => _monitor(images, count);

    /// <summary>The validation examples.</summary>
    public (Tensor X, int[] Labels) Validation(bool images) => _validation(images);

    /// <summary>
    /// Loads <paramref name="name"/>: Fashion-MNIST from <paramref name="directory"/> (the Debian package's folder by
    /// default), or a built-in synthetic set. <paramref name="limit"/> &gt; 0 keeps that many training examples (and a
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

            var data = FashionMnist.Load(dir);
            var train = limit > 0 ? Take(data.Train, limit) : data.Train;
            var test = limit > 0 ? Take(data.Test, Math.Max(500, limit / 5)) : data.Test;
            return new ClassificationData(
                name,
                train.PixelsPerImage,
                FashionMnistData.ClassCount,
                train.Count,
                (batch, images, s) => new DataLoader(train, batch, asImages: images, seed: s) { ReuseBuffers = true },
                (images, count) => Tensors(Take(train, count), images),
                images => Tensors(test, images));
        }

        var (trainSet, validationSet) = name switch
        {
            "spirals" => (SyntheticData.TwoSpirals(limit > 0 ? limit : 2000, seed), SyntheticData.TwoSpirals(500, seed + 1)),
            _ => (SyntheticData.GaussianBlobs(limit > 0 ? limit : 2000, 4, 8, seed, standardDeviation: 2.0), SyntheticData.GaussianBlobs(500, 4, 8, seed, standardDeviation: 2.0)),
        };
        var validationFeatures = validationSet;
        return new ClassificationData(
            name,
            trainSet.FeatureCount,
            trainSet.ClassCount,
            trainSet.Count,
            (batch, _, s) => new DataLoader(trainSet, batch, seed: s) { ReuseBuffers = true },
            (_, count) => Rows(trainSet, Math.Min(count, trainSet.Count)),
            _ => Rows(validationFeatures, validationFeatures.Count));
    }

    private static ImageSplit Take(ImageSplit split, int count)
    {
        count = Math.Min(count, split.Count);
        return new ImageSplit(split.Images.AsSpan(0, count * split.PixelsPerImage).ToArray(), split.Labels.AsSpan(0, count).ToArray(), count, split.Height, split.Width);
    }

    private static (Tensor, int[]) Tensors(ImageSplit split, bool images) => (split.ToTensor(images), split.Labels);

    private static (Tensor, int[]) Rows(Dataset data, int count)
    {
        var features = data.Features.AsSpan(0, count * data.FeatureCount).ToArray();
        var x = Tensor.FromArray(features, new Shape(count, data.FeatureCount)).To(DType.Float32);
        return (x, data.Labels!.AsSpan(0, count).ToArray());
    }
}
