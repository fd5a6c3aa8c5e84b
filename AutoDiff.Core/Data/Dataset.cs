namespace AutoDiff.Data;

/// <summary>
/// A small in-memory data set on plain arrays: <see cref="Count"/> examples of <see cref="FeatureCount"/>
/// float64 features, row-major, with either integer class labels or real-valued regression targets.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a data set after checking that the arrays agree with the counts.</summary>
    /// <param name="features">Row-major features, <paramref name="count"/> × <paramref name="featureCount"/>.</param>
    /// <param name="count">The number of examples.</param>
    /// <param name="featureCount">The number of features per example.</param>
    /// <param name="labels">Class labels in [0, <paramref name="classCount"/>), one per example, or <see langword="null"/>.</param>
    /// <param name="classCount">The number of classes (0 when there are no labels).</param>
    /// <param name="targets">Regression targets, one per example, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The lengths disagree, a label is out of range, or neither or both of labels and targets were given.</exception>
    public Dataset(double[] features, int count, int featureCount, int[]? labels, int classCount, double[]? targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if ((long)count * featureCount != features.Length)
        {
            throw new ArgumentException(
                $"Expected {count} × {featureCount} = {(long)count * featureCount} features, got {features.Length}.",
                nameof(features));
        }

        if ((labels is null) == (targets is null))
        {
            throw new ArgumentException("Give exactly one of labels (classification) and targets (regression).");
        }

        if (labels is not null)
        {
            if (labels.Length != count)
            {
                throw new ArgumentException($"Expected {count} labels, got {labels.Length}.", nameof(labels));
            }

            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
            for (int i = 0; i < labels.Length; i++)
            {
                if ((uint)labels[i] >= (uint)classCount)
                {
                    throw new ArgumentException(
                        $"Label {labels[i]} at index {i} is outside [0, {classCount}).", nameof(labels));
                }
            }
        }
        else
        {
            if (targets!.Length != count)
            {
                throw new ArgumentException($"Expected {count} targets, got {targets.Length}.", nameof(targets));
            }

            if (classCount != 0)
            {
                throw new ArgumentException("A regression data set has classCount 0.", nameof(classCount));
            }
        }

        Features = features;
        Count = count;
        FeatureCount = featureCount;
        Labels = labels;
        ClassCount = classCount;
        Targets = targets;
    }

    /// <summary>Creates a classification data set.</summary>
    /// <param name="features">Row-major features, <paramref name="count"/> × <paramref name="featureCount"/>.</param>
    /// <param name="count">The number of examples.</param>
    /// <param name="featureCount">The number of features per example.</param>
    /// <param name="labels">Class labels, one per example.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <returns>The data set.</returns>
    public static Dataset Classification(double[] features, int count, int featureCount, int[] labels, int classCount) =>
        new(features, count, featureCount, labels ?? throw new ArgumentNullException(nameof(labels)), classCount, null);

    /// <summary>Creates a regression data set with one real target per example.</summary>
    /// <param name="features">Row-major features, <paramref name="count"/> × <paramref name="featureCount"/>.</param>
    /// <param name="count">The number of examples.</param>
    /// <param name="featureCount">The number of features per example.</param>
    /// <param name="targets">The targets, one per example.</param>
    /// <returns>The data set.</returns>
    public static Dataset Regression(double[] features, int count, int featureCount, double[] targets) =>
        new(features, count, featureCount, null, 0, targets ?? throw new ArgumentNullException(nameof(targets)));

    /// <summary>Row-major features: example <c>i</c>, feature <c>j</c> is at <c>i * FeatureCount + j</c>.</summary>
    public double[] Features { get; }

    /// <summary>The number of examples.</summary>
    public int Count { get; }

    /// <summary>The number of features per example.</summary>
    public int FeatureCount { get; }

    /// <summary>Class labels for classification data, otherwise <see langword="null"/>.</summary>
    public int[]? Labels { get; }

    /// <summary>The number of classes; 0 for regression data.</summary>
    public int ClassCount { get; }

    /// <summary>Regression targets, otherwise <see langword="null"/>.</summary>
    public double[]? Targets { get; }

    /// <summary>Whether this is a classification data set (it has <see cref="Labels"/>).</summary>
    public bool IsClassification => Labels is not null;

    /// <summary>The features of example <paramref name="index"/>.</summary>
    /// <param name="index">The example index, 0 to <see cref="Count"/> − 1.</param>
    /// <returns>A view of <see cref="FeatureCount"/> values.</returns>
    public ReadOnlySpan<double> GetRow(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>A data set with the same labels or targets and new features of the same shape.</summary>
    /// <param name="features">The replacement features, <see cref="Count"/> × <see cref="FeatureCount"/>.</param>
    /// <returns>The new data set; the labels or targets array is shared, not copied.</returns>
    public Dataset WithFeatures(double[] features) =>
        new(features, Count, FeatureCount, Labels, ClassCount, Targets);
}
