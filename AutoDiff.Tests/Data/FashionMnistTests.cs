using AutoDiff.Data;

namespace AutoDiff.Tests.Data;

public sealed class FashionMnistTests : IClassFixture<FashionMnistFixture>, IDisposable
{
    private readonly FashionMnistFixture _fixture;
    private readonly TempDirectory _dir = new();

    public FashionMnistTests(FashionMnistFixture fixture) => _fixture = fixture;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_MissingFiles_ThrowsFileNotFoundSayingHowToGetThem()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_dir.Path));

        Assert.Contains("sudo apt-get install dataset-fashion-mnist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.False(FashionMnist.IsAvailable(_dir.Path));
    }

    [Fact]
    public void Load_TinyFolder_MixOfPlainAndGzip_ScalesPixelsAndKeepsLabels()
    {
        WriteTinyFolder(trainLabels: [0, 9, 3], testLabels: [5]);

        FashionMnistData data = FashionMnist.Load(_dir.Path);

        Assert.Equal(3, data.TrainCount);
        Assert.Equal(1, data.TestCount);
        Assert.Equal(3 * 784, data.TrainImages.Length);
        Assert.Equal(784, data.TestImages.Length);
        Assert.Equal([0, 9, 3], data.TrainLabels);
        Assert.Equal([5], data.TestLabels);
        Assert.Equal(0f, data.TrainImages[0]);
        Assert.Equal(1f, data.TrainImages[255]);
        Assert.Equal(128f / 255f, data.TrainImages[128]);
        Assert.Equal(data.TrainImages.AsSpan(784, 784).ToArray(), data.Train.GetImage(1).ToArray());
    }

    [Fact]
    public void Load_LabelOutOfRange_ThrowsInvalidData()
    {
        WriteTinyFolder(trainLabels: [0, 10, 3], testLabels: [5]);

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_dir.Path));

        Assert.Contains("label 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelCountDisagreesWithImageCount_ThrowsInvalidData()
    {
        WriteTinyFolder(trainLabels: [0, 1], testLabels: [5], trainImages: 3);

        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_dir.Path));

        Assert.Contains("3 images", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 labels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassNames_AreTheTenFashionMnistClasses()
    {
        Assert.Equal(10, FashionMnistData.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnistData.ClassNames[0]);
        Assert.Equal("Ankle boot", FashionMnistData.ClassNames[9]);
    }

    [FashionMnistFact]
    public void Load_RealFiles_Has60000TrainAnd10000TestImages()
    {
        FashionMnistData data = _fixture.Data;

        Assert.Equal(60_000, data.TrainCount);
        Assert.Equal(10_000, data.TestCount);
        Assert.Equal(60_000 * 784, data.TrainImages.Length);
        Assert.Equal(10_000 * 784, data.TestImages.Length);
        Assert.Equal(28, data.Train.Height);
        Assert.Equal(28, data.Test.Width);
    }

    [FashionMnistFact]
    public void Load_RealFiles_ClassesAreExactlyBalanced()
    {
        FashionMnistData data = _fixture.Data;

        var train = new int[10];
        var test = new int[10];
        foreach (int label in data.TrainLabels)
        {
            train[label]++;
        }

        foreach (int label in data.TestLabels)
        {
            test[label]++;
        }

        Assert.All(train, c => Assert.Equal(6_000, c));
        Assert.All(test, c => Assert.Equal(1_000, c));
    }

    [FashionMnistFact]
    public void Load_RealFiles_PixelsInUnitIntervalAndUseTheFullRange()
    {
        FashionMnistData data = _fixture.Data;

        float min = float.MaxValue;
        float max = float.MinValue;
        double sum = 0;
        foreach (float p in data.TrainImages)
        {
            min = Math.Min(min, p);
            max = Math.Max(max, p);
            sum += p;
        }

        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
        double mean = sum / data.TrainImages.Length;
        Assert.InRange(mean, 0.28, 0.29); // the published Fashion-MNIST training mean is 0.2860
    }

    private void WriteTinyFolder(byte[] trainLabels, byte[] testLabels, int? trainImages = null)
    {
        int n = trainImages ?? trainLabels.Length;
        File.WriteAllBytes(_dir.File("train-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(IdxTestFiles.Images(n, 28, 28, i => (byte)(i % 256))));
        File.WriteAllBytes(_dir.File("train-labels-idx1-ubyte"), IdxTestFiles.Labels(trainLabels));
        File.WriteAllBytes(_dir.File("t10k-images-idx3-ubyte"), IdxTestFiles.Images(testLabels.Length, 28, 28, i => 200));
        File.WriteAllBytes(_dir.File("t10k-labels-idx1-ubyte.gz"), IdxTestFiles.Gzip(IdxTestFiles.Labels(testLabels)));
    }
}
