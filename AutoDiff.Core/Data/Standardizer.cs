namespace AutoDiff.Data;

/// <summary>
/// Per-feature standardisation <c>x' = (x − μ) / σ</c>, with μ and σ fitted on the training split only and
/// then applied to every split.
/// </summary>
/// <remarks>
/// <para>
/// σ is the population standard deviation (divide by N), so the transformed training features have mean 0
/// and variance exactly 1 up to rounding. Mean and variance are computed in two passes in float64, which
/// stays accurate for features centred far from zero.
/// </para>
/// <para>
/// Zero-variance guard: a feature whose σ is at most <c>minStandardDeviation · max(1, |μ|)</c> (a constant
/// column, up to rounding) gets σ = 1, so it is only centred, never divided by (almost) zero.
/// </para>
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _standardDeviation;

    private Standardizer(double[] mean, double[] standardDeviation)
    {
        _mean = mean;
        _standardDeviation = standardDeviation;
    }

    /// <summary>The number of features.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>The fitted mean of each feature.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The standard deviation each feature is divided by (1 for constant features).</summary>
    public IReadOnlyList<double> StandardDeviation => _standardDeviation;

    /// <summary>Creates a standardiser from known means and standard deviations.</summary>
    /// <param name="mean">The mean of each feature.</param>
    /// <param name="standardDeviation">The (positive, finite) divisor of each feature.</param>
    /// <returns>The standardiser.</returns>
    public static Standardizer FromStatistics(IReadOnlyList<double> mean, IReadOnlyList<double> standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Count == 0 || mean.Count != standardDeviation.Count)
        {
            throw new ArgumentException(
                $"mean and standardDeviation must be non-empty and of equal length; got {mean.Count} and {standardDeviation.Count}.");
        }

        for (int j = 0; j < standardDeviation.Count; j++)
        {
            if (!(standardDeviation[j] > 0) || !double.IsFinite(standardDeviation[j]) || !double.IsFinite(mean[j]))
            {
                throw new ArgumentException(
                    $"Feature {j} has mean {mean[j]} and standard deviation {standardDeviation[j]}; both must be finite and σ > 0.");
            }
        }

        return new Standardizer([.. mean], [.. standardDeviation]);
    }

    /// <summary>Fits per-feature mean and standard deviation on row-major training features.</summary>
    /// <param name="features">The training features, N × <paramref name="featureCount"/>, row-major, N ≥ 1.</param>
    /// <param name="featureCount">The number of features per row.</param>
    /// <param name="minStandardDeviation">The relative zero-variance threshold (see the remarks on the type).</param>
    /// <returns>The fitted standardiser.</returns>
    /// <exception cref="ArgumentException">The length is not a positive multiple of <paramref name="featureCount"/>.</exception>
    public static Standardizer Fit(ReadOnlySpan<double> features, int featureCount, double minStandardDeviation = 1e-12)
    {
        int count = CheckShape(features.Length, featureCount, nameof(features));
        var mean = new double[featureCount];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> row = features.Slice(i * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
            {
                mean[j] += row[j];
            }
        }

        for (int j = 0; j < featureCount; j++)
        {
            mean[j] /= count;
        }

        var sumSquares = new double[featureCount];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> row = features.Slice(i * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
            {
                double d = row[j] - mean[j];
                sumSquares[j] += d * d;
            }
        }

        return Finish(mean, sumSquares, count, minStandardDeviation);
    }

    /// <summary>Fits per-feature mean and standard deviation on row-major float32 training features.</summary>
    /// <param name="features">The training features, N × <paramref name="featureCount"/>, row-major, N ≥ 1.</param>
    /// <param name="featureCount">The number of features per row.</param>
    /// <param name="minStandardDeviation">The relative zero-variance threshold (see the remarks on the type).</param>
    /// <returns>The fitted standardiser; statistics are accumulated in float64.</returns>
    public static Standardizer Fit(ReadOnlySpan<float> features, int featureCount, double minStandardDeviation = 1e-6)
    {
        int count = CheckShape(features.Length, featureCount, nameof(features));
        var mean = new double[featureCount];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
            {
                mean[j] += row[j];
            }
        }

        for (int j = 0; j < featureCount; j++)
        {
            mean[j] /= count;
        }

        var sumSquares = new double[featureCount];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
            {
                double d = row[j] - mean[j];
                sumSquares[j] += d * d;
            }
        }

        return Finish(mean, sumSquares, count, minStandardDeviation);
    }

    /// <summary>Fits on the features of a training data set.</summary>
    /// <param name="train">The training split.</param>
    /// <param name="minStandardDeviation">The relative zero-variance threshold (see the remarks on the type).</param>
    /// <returns>The fitted standardiser.</returns>
    public static Standardizer Fit(Dataset train, double minStandardDeviation = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(train.Features, train.FeatureCount, minStandardDeviation);
    }

    /// <summary>Standardises row-major features into <paramref name="destination"/> (which may be the source).</summary>
    /// <param name="features">N × <see cref="FeatureCount"/> features, row-major.</param>
    /// <param name="destination">Where to write; the same length as <paramref name="features"/>.</param>
    public void Transform(ReadOnlySpan<double> features, Span<double> destination)
    {
        int count = CheckTransformShape(features.Length, destination.Length);
        int d = FeatureCount;
        for (int i = 0; i < count; i++)
        {
            int offset = i * d;
            for (int j = 0; j < d; j++)
            {
                destination[offset + j] = (features[offset + j] - _mean[j]) / _standardDeviation[j];
            }
        }
    }

    /// <summary>Standardises row-major float32 features into <paramref name="destination"/> (which may be the source).</summary>
    /// <param name="features">N × <see cref="FeatureCount"/> features, row-major.</param>
    /// <param name="destination">Where to write; the same length as <paramref name="features"/>.</param>
    public void Transform(ReadOnlySpan<float> features, Span<float> destination)
    {
        int count = CheckTransformShape(features.Length, destination.Length);
        int d = FeatureCount;
        for (int i = 0; i < count; i++)
        {
            int offset = i * d;
            for (int j = 0; j < d; j++)
            {
                destination[offset + j] = (float)((features[offset + j] - _mean[j]) / _standardDeviation[j]);
            }
        }
    }

    /// <summary>Returns standardised copies of row-major features.</summary>
    /// <param name="features">N × <see cref="FeatureCount"/> features, row-major.</param>
    /// <returns>A new array; the input is unchanged.</returns>
    public double[] Transform(double[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = new double[features.Length];
        Transform(features, result);
        return result;
    }

    /// <summary>Returns a copy of <paramref name="data"/> with standardised features and the same labels or targets.</summary>
    /// <param name="data">Any split (train, validation or test) with <see cref="FeatureCount"/> features.</param>
    /// <returns>The standardised data set.</returns>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithFeatures(Transform(data.Features));
    }

    /// <summary>Undoes <see cref="Transform(ReadOnlySpan{double}, Span{double})"/>: <c>x = x' σ + μ</c>.</summary>
    /// <param name="features">N × <see cref="FeatureCount"/> standardised features, row-major.</param>
    /// <param name="destination">Where to write; the same length as <paramref name="features"/>.</param>
    public void InverseTransform(ReadOnlySpan<double> features, Span<double> destination)
    {
        int count = CheckTransformShape(features.Length, destination.Length);
        int d = FeatureCount;
        for (int i = 0; i < count; i++)
        {
            int offset = i * d;
            for (int j = 0; j < d; j++)
            {
                destination[offset + j] = (features[offset + j] * _standardDeviation[j]) + _mean[j];
            }
        }
    }

    private static int CheckShape(int length, int featureCount, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (length == 0 || length % featureCount != 0)
        {
            throw new ArgumentException(
                $"Expected a positive multiple of {featureCount} features (N × {featureCount}, N ≥ 1), got {length}.",
                paramName);
        }

        return length / featureCount;
    }

    private int CheckTransformShape(int sourceLength, int destinationLength)
    {
        if (sourceLength % FeatureCount != 0)
        {
            throw new ArgumentException(
                $"Expected a multiple of {FeatureCount} features (N × {FeatureCount}), got {sourceLength}.", "features");
        }

        if (destinationLength != sourceLength)
        {
            throw new ArgumentException(
                $"destination has length {destinationLength}; expected {sourceLength}.", "destination");
        }

        return sourceLength / FeatureCount;
    }

    private static Standardizer Finish(double[] mean, double[] sumSquares, int count, double minStandardDeviation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minStandardDeviation);
        var std = new double[mean.Length];
        for (int j = 0; j < mean.Length; j++)
        {
            double sigma = Math.Sqrt(sumSquares[j] / count);
            double threshold = minStandardDeviation * Math.Max(1.0, Math.Abs(mean[j]));
            std[j] = sigma > threshold && double.IsFinite(sigma) ? sigma : 1.0;
        }

        return new Standardizer(mean, std);
    }
}
