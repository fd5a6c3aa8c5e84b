using System.Collections;

namespace AutoDiff.Data;

/// <summary>
/// A seeded mini-batch loader (like PyTorch's <c>DataLoader</c>) over in-memory examples: each pass draws a new
/// order from the loader's own generator when shuffling, so the sequence of epochs is reproducible from the seed.
/// Enumerating the loader yields (x [B, example shape…], labels) for classification data;
/// <see cref="WithTargets"/> yields (x, targets [B, target width]) for regression data.
/// </summary>
public sealed class DataLoader : IEnumerable<(Tensor X, int[] Labels)>
{
    private readonly float[]? _floats;
    private readonly double[]? _doubles;
    private readonly int[]? _labels;
    private readonly double[]? _targets;
    private readonly int _exampleSize;
    private readonly Rng _rng;

    private DataLoader(
        float[]? floats, double[]? doubles, Shape exampleShape, int[]? labels, double[]? targets, int targetWidth,
        int batchSize, bool shuffle, bool dropLast, ulong seed, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(exampleShape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        var length = floats?.Length ?? doubles!.Length;
        _exampleSize = exampleShape.Size;
        if (_exampleSize == 0 || length % _exampleSize != 0)
        {
            throw new ArgumentException($"DataLoader: {length} feature values do not divide into examples of shape {exampleShape}.");
        }

        Count = length / _exampleSize;
        if (labels is not null && labels.Length != Count)
        {
            throw new ArgumentException($"DataLoader: {Count} examples but {labels.Length} labels.", nameof(labels));
        }

        if (targets is not null && targets.Length != (long)Count * targetWidth)
        {
            throw new ArgumentException($"DataLoader: {Count} examples × {targetWidth} targets need {(long)Count * targetWidth} values, got {targets.Length}.", nameof(targets));
        }

        _floats = floats;
        _doubles = doubles;
        _labels = labels;
        _targets = targets;
        _rng = new Rng(seed);
        ExampleShape = exampleShape;
        TargetWidth = targetWidth;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        DType = dtype;
    }

    /// <summary>A loader over a <see cref="Dataset"/>: labels when it is a classification set, targets [B, 1] otherwise.</summary>
    /// <param name="data">The data set.</param>
    /// <param name="batchSize">The examples per batch.</param>
    /// <param name="shuffle">Whether each pass visits the examples in a new random order.</param>
    /// <param name="dropLast">Whether to skip a final batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">The seed of the shuffling generator.</param>
    /// <param name="dtype">The element type of the batch tensors.</param>
    public DataLoader(Dataset data, int batchSize, bool shuffle = true, bool dropLast = false, ulong seed = 0, DType dtype = DType.Float32)
        : this(null, (data ?? throw new ArgumentNullException(nameof(data))).Features, new Shape(data.FeatureCount), data.Labels, data.Targets, 1,
            batchSize, shuffle, dropLast, seed, dtype)
    {
    }

    /// <summary>A loader over an image split: x is [B, H·W] or, with <paramref name="asImages"/>, [B, 1, H, W].</summary>
    /// <param name="split">The images and labels.</param>
    /// <param name="batchSize">The examples per batch.</param>
    /// <param name="asImages">Whether to shape examples as single-channel images (for convolutions).</param>
    /// <param name="shuffle">Whether each pass visits the examples in a new random order.</param>
    /// <param name="dropLast">Whether to skip a final batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">The seed of the shuffling generator.</param>
    /// <param name="dtype">The element type of the batch tensors.</param>
    public DataLoader(ImageSplit split, int batchSize, bool asImages = false, bool shuffle = true, bool dropLast = false, ulong seed = 0, DType dtype = DType.Float32)
        : this((split ?? throw new ArgumentNullException(nameof(split))).Images, null, ImageTensors.ExampleShape(split, asImages), split.Labels, null, 1,
            batchSize, shuffle, dropLast, seed, dtype)
    {
    }

    /// <summary>A classification loader over row-major float64 examples of shape <paramref name="exampleShape"/>.</summary>
    /// <param name="features">The examples, one after another.</param>
    /// <param name="exampleShape">The shape of one example.</param>
    /// <param name="labels">One label per example.</param>
    /// <param name="batchSize">The examples per batch.</param>
    /// <param name="shuffle">Whether each pass visits the examples in a new random order.</param>
    /// <param name="dropLast">Whether to skip a final batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">The seed of the shuffling generator.</param>
    /// <param name="dtype">The element type of the batch tensors.</param>
    /// <returns>The loader.</returns>
    public static DataLoader FromArrays(double[] features, Shape exampleShape, int[] labels, int batchSize, bool shuffle = true, bool dropLast = false, ulong seed = 0, DType dtype = DType.Float32)
        => new(null, features ?? throw new ArgumentNullException(nameof(features)), exampleShape, labels ?? throw new ArgumentNullException(nameof(labels)), null, 1, batchSize, shuffle, dropLast, seed, dtype);

    /// <summary>A classification loader over row-major float32 examples of shape <paramref name="exampleShape"/>.</summary>
    /// <param name="features">The examples, one after another.</param>
    /// <param name="exampleShape">The shape of one example.</param>
    /// <param name="labels">One label per example.</param>
    /// <param name="batchSize">The examples per batch.</param>
    /// <param name="shuffle">Whether each pass visits the examples in a new random order.</param>
    /// <param name="dropLast">Whether to skip a final batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">The seed of the shuffling generator.</param>
    /// <param name="dtype">The element type of the batch tensors.</param>
    /// <returns>The loader.</returns>
    public static DataLoader FromArrays(float[] features, Shape exampleShape, int[] labels, int batchSize, bool shuffle = true, bool dropLast = false, ulong seed = 0, DType dtype = DType.Float32)
        => new(features ?? throw new ArgumentNullException(nameof(features)), null, exampleShape, labels ?? throw new ArgumentNullException(nameof(labels)), null, 1, batchSize, shuffle, dropLast, seed, dtype);

    /// <summary>A regression loader: row-major float64 examples with <paramref name="targetWidth"/> real targets each.</summary>
    /// <param name="features">The examples, one after another.</param>
    /// <param name="exampleShape">The shape of one example.</param>
    /// <param name="targets">The targets, <paramref name="targetWidth"/> per example.</param>
    /// <param name="targetWidth">The number of targets per example.</param>
    /// <param name="batchSize">The examples per batch.</param>
    /// <param name="shuffle">Whether each pass visits the examples in a new random order.</param>
    /// <param name="dropLast">Whether to skip a final batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">The seed of the shuffling generator.</param>
    /// <param name="dtype">The element type of the batch tensors.</param>
    /// <returns>The loader.</returns>
    public static DataLoader FromArrays(double[] features, Shape exampleShape, double[] targets, int targetWidth, int batchSize, bool shuffle = true, bool dropLast = false, ulong seed = 0, DType dtype = DType.Float32)
        => new(null, features ?? throw new ArgumentNullException(nameof(features)), exampleShape, null, targets ?? throw new ArgumentNullException(nameof(targets)), targetWidth, batchSize, shuffle, dropLast, seed, dtype);

    /// <summary>The number of examples.</summary>
    public int Count { get; }

    /// <summary>The shape of one example (a batch is [B, …this]).</summary>
    public Shape ExampleShape { get; }

    /// <summary>The number of real targets per example (regression).</summary>
    public int TargetWidth { get; }

    /// <summary>The examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each pass visits the examples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a final batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The element type of the batch tensors.</summary>
    public DType DType { get; }

    /// <summary>Whether the examples have class labels.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>Whether the examples have regression targets.</summary>
    public bool HasTargets => _targets is not null;

    /// <summary>
    /// When true, the tensors of each batch borrow pooled buffers that go back when the enumeration moves to the
    /// next batch (or ends), so a training loop that uses each batch once allocates no large arrays (a fresh
    /// 128×784 batch would land on the large-object heap every step). Reading an earlier batch then throws;
    /// <see cref="Tensor.Clone"/> what you keep. False (the default) gives every batch its own arrays.
    /// </summary>
    public bool ReuseBuffers { get; init; }

    /// <summary>The number of batches in one pass.</summary>
    public int BatchCount => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>One pass over the examples as (x, labels) batches, in a new order when shuffling.</summary>
    /// <returns>The batches.</returns>
    public IEnumerator<(Tensor X, int[] Labels)> GetEnumerator()
    {
        if (_labels is null)
        {
            throw new InvalidOperationException("DataLoader: the examples have regression targets, not labels; enumerate WithTargets().");
        }

        return Batches((order, lent) => (Gather(order, lent), order.Select(i => _labels[i]).ToArray())).GetEnumerator();
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One pass over the examples as (x, targets [B, <see cref="TargetWidth"/>]) batches, in a new order when shuffling.</summary>
    /// <returns>The batches.</returns>
    public IEnumerable<(Tensor X, Tensor Targets)> WithTargets()
    {
        if (_targets is null)
        {
            throw new InvalidOperationException("DataLoader: the examples have class labels, not regression targets; enumerate the loader itself.");
        }

        return Batches((order, lent) =>
        {
            var t = NewBatchTensor(new Shape(order.Length, TargetWidth), lent);
            for (var b = 0; b < order.Length; b++)
            {
                for (var j = 0; j < TargetWidth; j++)
                {
                    t.SetFlat((b * TargetWidth) + j, _targets[(order[b] * TargetWidth) + j]);
                }
            }

            return (Gather(order, lent), t);
        });
    }

    private IEnumerable<T> Batches<T>(Func<int[], List<PooledBuffer>?, T> make)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        if (Shuffle)
        {
            _rng.Shuffle(order.AsSpan());
        }

        return Iterate(order, make);
    }

    private IEnumerable<T> Iterate<T>(int[] order, Func<int[], List<PooledBuffer>?, T> make)
    {
        // The buffers lent to the batch the caller holds; returned before the next one is made, and at the end.
        var lent = ReuseBuffers ? new List<PooledBuffer>(2) : null;
        try
        {
            for (var start = 0; start < Count; start += BatchSize)
            {
                var size = Math.Min(BatchSize, Count - start);
                if (size < BatchSize && DropLast)
                {
                    yield break;
                }

                Release(lent);
                yield return make(order[start..(start + size)], lent);
            }
        }
        finally
        {
            Release(lent);
        }
    }

    private static void Release(List<PooledBuffer>? lent)
    {
        if (lent is not null)
        {
            foreach (var buffer in lent)
            {
                buffer.Release();
            }

            lent.Clear();
        }
    }

    /// <summary>A batch tensor whose every element the caller writes: pooled when buffers are reused.</summary>
    private Tensor NewBatchTensor(Shape shape, List<PooledBuffer>? lent)
    {
        if (lent is null)
        {
            return Tensor.Zeros(shape, DType);
        }

        var buffer = BufferPool.Rent(DType, shape.Size, zeroed: false);
        lent.Add(buffer);
        return new Tensor(shape, DType, buffer);
    }

    private Tensor Gather(int[] indices, List<PooledBuffer>? lent)
    {
        var x = NewBatchTensor(new Shape([indices.Length, .. ExampleShape]), lent);
        var n = _exampleSize;
        if (DType == DType.Float32)
        {
            var dst = x.AsSpan<float>();
            for (var b = 0; b < indices.Length; b++)
            {
                var row = dst.Slice(b * n, n);
                if (_floats is not null)
                {
                    _floats.AsSpan(indices[b] * n, n).CopyTo(row);
                }
                else
                {
                    var src = _doubles.AsSpan(indices[b] * n, n);
                    for (var j = 0; j < n; j++)
                    {
                        row[j] = (float)src[j];
                    }
                }
            }
        }
        else
        {
            var dst = x.AsSpan<double>();
            for (var b = 0; b < indices.Length; b++)
            {
                var row = dst.Slice(b * n, n);
                if (_doubles is not null)
                {
                    _doubles.AsSpan(indices[b] * n, n).CopyTo(row);
                }
                else
                {
                    var src = _floats.AsSpan(indices[b] * n, n);
                    for (var j = 0; j < n; j++)
                    {
                        row[j] = src[j];
                    }
                }
            }
        }

        return x;
    }
}
