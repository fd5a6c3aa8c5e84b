using AutoDiff.Data;

namespace AutoDiff.Tests.Nn;

/// <summary>A loader that lends each batch pooled buffers: same batches, released on the next, no large garbage.</summary>
public sealed class DataLoaderReuseBuffersTests
{
    private static ImageSplit Images(int count)
    {
        var pixels = new float[count * 28 * 28];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (i % 251) / 251f;
        }

        return new ImageSplit(pixels, Enumerable.Range(0, count).Select(i => i % 10).ToArray(), count, 28, 28);
    }

    [Fact]
    public void Batches_SameSeed_SameContentsAsFreshArrays()
    {
        var split = Images(300);
        var fresh = new DataLoader(split, 128, seed: 4).Select(b => (b.X.ToFloatArray(), b.Labels)).ToArray();
        var reused = new List<(float[], int[])>();
        foreach (var (x, labels) in new DataLoader(split, 128, seed: 4) { ReuseBuffers = true })
        {
            reused.Add((x.ToFloatArray(), labels));
        }

        Assert.Equal(fresh.Length, reused.Count);
        for (var i = 0; i < fresh.Length; i++)
        {
            Assert.Equal(fresh[i].Item1, reused[i].Item1);
            Assert.Equal(fresh[i].Labels, reused[i].Item2);
        }
    }

    [Fact]
    public void EarlierBatch_AfterMovingOn_ThrowsSayingWhy()
    {
        var loader = new DataLoader(Images(300), 128, seed: 4) { ReuseBuffers = true };
        using var batches = loader.GetEnumerator();
        Assert.True(batches.MoveNext());
        var first = batches.Current.X;
        var kept = first.Clone();
        Assert.False(first.IsReleased);
        Assert.True(batches.MoveNext());
        Assert.True(first.IsReleased);
        var error = Assert.Throws<InvalidOperationException>(() => first.ToArray());
        Assert.Contains("ReuseBuffers", error.Message);
        Assert.Equal(128 * 28 * 28, kept.Size);
    }

    [Fact]
    public void Epochs_SteadyState_AllocateNoLargeArrays()
    {
        var loader = new DataLoader(Images(1024), 128, seed: 4) { ReuseBuffers = true };
        void Epoch()
        {
            foreach (var (x, labels) in loader)
            {
                Assert.Equal(labels.Length, x.Shape[0]);
            }
        }

        Epoch();
        var perBatch = long.MaxValue;
        for (var window = 0; window < 20 && perBatch >= 4096; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Epoch();
            perBatch = Math.Min(perBatch, (GC.GetAllocatedBytesForCurrentThread() - before) / loader.BatchCount);
        }

        // A fresh 128×784 float batch alone would be 401 KB; what remains is the labels array and small objects.
        Assert.True(perBatch < 4096, $"{perBatch} bytes per batch");
    }
}
