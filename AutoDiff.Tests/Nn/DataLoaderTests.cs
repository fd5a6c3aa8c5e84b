using AutoDiff.Data;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>The seeded mini-batch loader.</summary>
public class DataLoaderTests
{
    private static Dataset Data(int count) => Dataset.Classification(
        Enumerable.Range(0, count * 2).Select(i => (double)i).ToArray(), count, 2, Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);

    [Fact]
    public void Epoch_VisitsEveryExampleOnce_WithMatchingLabels()
    {
        var loader = new DataLoader(Data(10), batchSize: 4, seed: 1);
        Assert.Equal(3, loader.BatchCount);
        var seen = new List<int>();
        var sizes = new List<int>();
        foreach (var (x, labels) in loader)
        {
            Assert.Equal(DType.Float32, x.DType);
            Assert.Equal(2, x.Shape[1]);
            sizes.Add(x.Shape[0]);
            for (var b = 0; b < labels.Length; b++)
            {
                var example = (int)x[b, 0] / 2;
                Assert.Equal(example * 2 + 1, x[b, 1]);
                Assert.Equal(example % 3, labels[b]);
                seen.Add(example);
            }
        }

        Assert.Equal([4, 4, 2], sizes);
        Assert.Equal(Enumerable.Range(0, 10), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 10), seen);
    }

    [Fact]
    public void Shuffle_IsSeeded_AndChangesBetweenEpochs()
    {
        static int[] Order(DataLoader l) => l.SelectMany(b => Enumerable.Range(0, b.X.Shape[0]).Select(i => (int)b.X[i, 0])).ToArray();
        var a = new DataLoader(Data(20), 5, seed: 3);
        var b = new DataLoader(Data(20), 5, seed: 3);
        var first = Order(a);
        Assert.Equal(first, Order(b));
        Assert.NotEqual(first, Order(a));
        var plain = new DataLoader(Data(20), 5, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 2 * i), Order(plain));
    }

    [Fact]
    public void DropLast_SkipsPartialBatch_Float64Dtype()
    {
        var loader = new DataLoader(Data(10), 4, dropLast: true, dtype: DType.Float64);
        var batches = loader.ToArray();
        Assert.Equal(2, loader.BatchCount);
        Assert.Equal(2, batches.Length);
        Assert.All(batches, b => Assert.Equal(DType.Float64, b.X.DType));
    }

    [Fact]
    public void Regression_YieldsTargets()
    {
        var data = Dataset.Regression([1, 2, 3, 4, 5, 6], 3, 2, [10, 20, 30]);
        var loader = new DataLoader(data, 2, shuffle: false);
        var batches = loader.WithTargets().ToArray();
        Assert.Equal(new Shape(2, 1), batches[0].Targets.Shape);
        Assert.Equal([10.0, 20.0], batches[0].Targets.ToArray());
        Assert.Throws<InvalidOperationException>(() => loader.GetEnumerator());
        var wide = DataLoader.FromArrays([1.0, 2, 3, 4], new Shape(1), [1.0, 2, 3, 4, 5, 6, 7, 8], 2, batchSize: 4, shuffle: false);
        Assert.Equal(new Shape(4, 2), wide.WithTargets().Single().Targets.Shape);
    }

    [Fact]
    public void ImageSplit_BatchesAsImagesOrRows_ToTensor()
    {
        var pixels = Enumerable.Range(0, 5 * 4 * 3).Select(i => i / 100f).ToArray();
        var split = new ImageSplit(pixels, [0, 1, 2, 3, 4], 5, 4, 3);
        var images = new DataLoader(split, 2, asImages: true, shuffle: false);
        var (x, labels) = images.First();
        Assert.Equal(new Shape(2, 1, 4, 3), x.Shape);
        Assert.Equal([0, 1], labels);
        Assert.Equal(pixels[12], (float)x[1, 0, 0, 0]);
        var rows = new DataLoader(split, 5, shuffle: false);
        Assert.Equal(new Shape(5, 12), rows.First().X.Shape);
        var all = split.ToTensor(asImages: true, DType.Float64);
        Assert.Equal(new Shape(5, 1, 4, 3), all.Shape);
        Assert.Equal(DType.Float64, all.DType);
        var data = new FashionMnistData(split, split);
        Assert.Equal(new Shape(5, 12), data.ToTensors().TrainX.Shape);
    }

    [Fact]
    public void Epoch_RandomSizes_BatchCountsAndCoverageFollowBatchSizeAndDropLast()
    {
        var gen = from count in Gen.Choose(1, 40)
                  from batchSize in Gen.Choose(1, 12)
                  from dropLast in Gen.Elements(false, true)
                  from seed in NnCheck.Seed
                  select (count, batchSize, dropLast, seed);
        NnCheck.ForAll(gen, c =>
        {
            var loader = new DataLoader(Data(c.count), c.batchSize, dropLast: c.dropLast, seed: (ulong)c.seed);
            var batches = loader.Select(b => Enumerable.Range(0, b.X.Shape[0]).Select(i => (int)b.X[i, 0] / 2).ToArray()).ToArray();
            var expectedBatches = c.dropLast ? c.count / c.batchSize : (c.count + c.batchSize - 1) / c.batchSize;
            Assert.Equal(expectedBatches, loader.BatchCount);
            Assert.Equal(expectedBatches, batches.Length);
            Assert.All(batches.SkipLast(1), b => Assert.Equal(c.batchSize, b.Length));
            var seen = batches.SelectMany(b => b).ToArray();
            Assert.Equal(seen.Length, seen.Distinct().Count());
            Assert.Equal(c.dropLast ? expectedBatches * c.batchSize : c.count, seen.Length);
            var again = new DataLoader(Data(c.count), c.batchSize, dropLast: c.dropLast, seed: (ulong)c.seed);
            Assert.Equal(seen, again.SelectMany(b => Enumerable.Range(0, b.X.Shape[0]).Select(i => (int)b.X[i, 0] / 2)).ToArray());
        }, maxTest: 30);
    }

    [Fact]
    public void FromArrays_Validates()
    {
        Assert.Throws<ArgumentException>(() => DataLoader.FromArrays(new float[7], new Shape(2), [0, 1, 2], 2));
        Assert.Throws<ArgumentException>(() => DataLoader.FromArrays(new float[6], new Shape(2), [0, 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataLoader.FromArrays(new float[6], new Shape(2), [0, 1, 2], 0));
    }
}
