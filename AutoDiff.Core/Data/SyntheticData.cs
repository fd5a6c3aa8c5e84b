namespace AutoDiff.Data;

/// <summary>
/// Seeded generators of small synthetic data sets for demos and tests: Gaussian blobs, two spirals, XOR,
/// and linear regression with badly scaled or far-from-zero features (the two cases that input
/// normalisation fixes).
/// </summary>
/// <remarks>
/// Every generator takes an explicit seed and uses its own xoshiro256** generator with Box–Muller normal
/// samples, so a seed gives the same numbers on every machine and every .NET version. Features are float64,
/// row-major. Classification sets interleave the classes (example <c>i</c> has label <c>i mod k</c>), so
/// every prefix is nearly balanced; shuffle in the loader, not here.
/// </remarks>
public static class SyntheticData
{
    /// <summary>
    /// <paramref name="classCount"/> isotropic Gaussian clusters in <paramref name="dimensions"/> dimensions.
    /// </summary>
    /// <param name="count">The number of examples.</param>
    /// <param name="classCount">The number of clusters (classes).</param>
    /// <param name="dimensions">The number of features.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="standardDeviation">The standard deviation of each cluster along every axis.</param>
    /// <param name="centerRange">Cluster centres are drawn uniformly from [−centerRange, centerRange]^d.</param>
    /// <returns>A classification data set; example <c>i</c> belongs to cluster <c>i mod classCount</c>.</returns>
    public static Dataset GaussianBlobs(
        int count, int classCount, int dimensions, ulong seed, double standardDeviation = 1.0, double centerRange = 5.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(standardDeviation);
        var rng = new Rng(seed);
        var centers = new double[classCount * dimensions];
        for (int i = 0; i < centers.Length; i++)
        {
            centers[i] = rng.Uniform(-centerRange, centerRange);
        }

        var features = new double[checked(count * dimensions)];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % classCount;
            labels[i] = label;
            for (int j = 0; j < dimensions; j++)
            {
                features[(i * dimensions) + j] = centers[(label * dimensions) + j] + (standardDeviation * rng.Normal());
            }
        }

        return Dataset.Classification(features, count, dimensions, labels, classCount);
    }

    /// <summary>
    /// Two interleaved spirals in the plane, one per class: the classic data set no linear model separates.
    /// </summary>
    /// <param name="count">The number of examples (about half per class).</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="noise">The standard deviation of the Gaussian noise added to each coordinate.</param>
    /// <param name="turns">How many turns each spiral makes.</param>
    /// <returns>
    /// A two-class data set with two features. Point <c>k</c> of a spiral sits at parameter
    /// <c>u = (k + ½) / n</c>, radius <c>u</c>, angle <c>2π · turns · u</c> (plus π for class 1), so all
    /// points lie in the unit disc before noise.
    /// </returns>
    public static Dataset TwoSpirals(int count, ulong seed, double noise = 0.02, double turns = 1.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(turns);
        var rng = new Rng(seed);
        int perClass = (count + 1) / 2;
        var features = new double[checked(count * 2)];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            double u = ((i / 2) + 0.5) / perClass;
            double angle = (2.0 * Math.PI * turns * u) + (label * Math.PI);
            features[2 * i] = (u * Math.Cos(angle)) + (noise * rng.Normal());
            features[(2 * i) + 1] = (u * Math.Sin(angle)) + (noise * rng.Normal());
            labels[i] = label;
        }

        return Dataset.Classification(features, count, 2, labels, 2);
    }

    /// <summary>
    /// The XOR problem: four Gaussian clusters at (±1, ±1); the label is 1 when the two coordinates of the
    /// cluster centre have different signs, else 0.
    /// </summary>
    /// <param name="count">The number of examples; example <c>i</c> comes from corner <c>i mod 4</c>.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="noise">The standard deviation of each cluster.</param>
    /// <returns>A two-class data set with two features.</returns>
    public static Dataset Xor(int count, ulong seed, double noise = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var rng = new Rng(seed);
        var features = new double[checked(count * 2)];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int corner = i % 4;
            double cx = (corner & 1) == 0 ? -1.0 : 1.0;
            double cy = (corner & 2) == 0 ? -1.0 : 1.0;
            features[2 * i] = cx + (noise * rng.Normal());
            features[(2 * i) + 1] = cy + (noise * rng.Normal());
            labels[i] = cx * cy < 0 ? 1 : 0;
        }

        return Dataset.Classification(features, count, 2, labels, 2);
    }

    /// <summary>
    /// A linear regression problem <c>y = bias + Σⱼ wⱼ xⱼ + ε</c> with feature <c>j</c> drawn as
    /// <c>xⱼ = offsetⱼ + scaleⱼ · zⱼ</c>, <c>zⱼ ~ N(0, 1)</c>, and noise <c>ε ~ N(0, noise²)</c>.
    /// </summary>
    /// <param name="count">The number of examples.</param>
    /// <param name="weights">The true weights, in the units of the raw features.</param>
    /// <param name="bias">The true intercept.</param>
    /// <param name="featureScales">The standard deviation of each feature.</param>
    /// <param name="featureOffsets">The mean of each feature.</param>
    /// <param name="noise">The standard deviation of the target noise.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>A regression data set with <c>weights.Length</c> features.</returns>
    public static Dataset LinearRegression(
        int count,
        IReadOnlyList<double> weights,
        double bias,
        IReadOnlyList<double> featureScales,
        IReadOnlyList<double> featureOffsets,
        double noise,
        ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(featureScales);
        ArgumentNullException.ThrowIfNull(featureOffsets);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        int d = weights.Count;
        if (d == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        if (featureScales.Count != d || featureOffsets.Count != d)
        {
            throw new ArgumentException(
                $"weights, featureScales and featureOffsets must have the same length; got {d}, " +
                $"{featureScales.Count} and {featureOffsets.Count}.");
        }

        var rng = new Rng(seed);
        var features = new double[checked(count * d)];
        var targets = new double[count];
        for (int i = 0; i < count; i++)
        {
            double y = bias;
            for (int j = 0; j < d; j++)
            {
                double x = featureOffsets[j] + (featureScales[j] * rng.Normal());
                features[(i * d) + j] = x;
                y += weights[j] * x;
            }

            targets[i] = y + (noise * rng.Normal());
        }

        return Dataset.Regression(features, count, d, targets);
    }

    /// <summary>
    /// Linear regression with two features of wildly different scales, the first table of the lecture on
    /// input normalisation: <c>x₁ = 1000 z₁</c>, <c>x₂ = 0.001 z₂</c> and
    /// <c>y = 1 + 0.002 x₁ − 3000 x₂ + ε</c> (that is <c>1 + 2 z₁ − 3 z₂ + ε</c>).
    /// </summary>
    /// <param name="count">The number of examples.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="noise">The standard deviation of the target noise.</param>
    /// <returns>
    /// A regression data set whose loss surface, in the raw weights, has curvatures about 10¹² apart, so plain
    /// gradient descent crawls until the features are standardised.
    /// </returns>
    public static Dataset BadlyScaledRegression(int count, ulong seed, double noise = 0.1) =>
        LinearRegression(count, [0.002, -3000.0], 1.0, [1000.0, 0.001], [0.0, 0.0], noise, seed);

    /// <summary>
    /// Linear regression with features centred far from zero, the second table of the lecture on input
    /// normalisation: <c>xⱼ = offset + zⱼ</c> and <c>y = 1 + 2 x₁ − 3 x₂ + ε</c>.
    /// </summary>
    /// <param name="count">The number of examples.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="offset">The mean of both features.</param>
    /// <param name="noise">The standard deviation of the target noise.</param>
    /// <returns>
    /// A regression data set whose loss surface couples the bias with the weights (a long, thin, tilted
    /// valley) until the features are centred.
    /// </returns>
    public static Dataset OffsetRegression(int count, ulong seed, double offset = 100.0, double noise = 0.1) =>
        LinearRegression(count, [2.0, -3.0], 1.0, [1.0, 1.0], [offset, offset], noise, seed);
}
