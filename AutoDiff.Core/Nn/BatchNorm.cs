namespace AutoDiff.Nn;

/// <summary>
/// Batch normalisation over the channel axis 1, as in PyTorch. In training, each channel is normalised with the
/// batch mean and biased variance, y = (x − μ_B) / √(σ²_B + ε)·γ + β, and gradients flow through μ_B and σ²_B; the
/// running estimates are updated as r ← (1 − m)·r + m·s with the unbiased batch variance n/(n − 1)·σ²_B. In
/// evaluation the running estimates replace the batch statistics. Buffers: <c>running_mean</c>,
/// <c>running_var</c> and <c>num_batches_tracked</c> (a count held as a float here, saved as PyTorch's I64 scalar by <see cref="Checkpoint"/>).
/// </summary>
public abstract class BatchNorm : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">The number of channels C.</param>
    /// <param name="eps">The ε added to the variance (PyTorch: 1e-5).</param>
    /// <param name="momentum">The weight m of the new batch in the running estimates (PyTorch: 0.1).</param>
    /// <param name="affine">Whether to learn a per-channel scale γ (weight, starting at 1) and shift β (bias, at 0).</param>
    /// <param name="dtype">The element type of parameters and buffers.</param>
    protected BatchNorm(int numFeatures, double eps, double momentum, bool affine, DType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        if (momentum is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"BatchNorm: momentum {momentum} is outside [0, 1].");
        }

        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones(new Shape(numFeatures), dtype));
            RegisterParameter("bias", Tensor.Zeros(new Shape(numFeatures), dtype));
        }

        RegisterBuffer("running_mean", Tensor.Zeros(new Shape(numFeatures), dtype));
        RegisterBuffer("running_var", Tensor.Ones(new Shape(numFeatures), dtype));
        RegisterBuffer("num_batches_tracked", Tensor.Zeros(Shape.Scalar, dtype));
    }

    /// <summary>The number of channels.</summary>
    public int NumFeatures { get; }

    /// <summary>The ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>The weight of the new batch in the running estimates.</summary>
    public double Momentum { get; }

    /// <summary>Whether the layer has a learned scale and shift.</summary>
    public bool Affine { get; }

    /// <summary>The scale γ [C], or null when not affine.</summary>
    public Tensor? Weight => Affine ? GetParameter("weight") : null;

    /// <summary>The shift β [C], or null when not affine.</summary>
    public Tensor? Bias => Affine ? GetParameter("bias") : null;

    /// <summary>The running mean [C].</summary>
    public Tensor RunningMean => GetBuffer("running_mean");

    /// <summary>The running (unbiased) variance [C].</summary>
    public Tensor RunningVar => GetBuffer("running_var");

    /// <summary>The number of training batches seen (a scalar).</summary>
    public Tensor NumBatchesTracked => GetBuffer("num_batches_tracked");

    /// <summary>The expected input layout, e.g. <c>[N, C, H, W]</c>, for error messages.</summary>
    protected abstract string ExpectedShape { get; }

    /// <summary>Whether an input of rank <paramref name="rank"/> is accepted.</summary>
    /// <param name="rank">The input rank.</param>
    /// <returns>True when accepted.</returns>
    protected abstract bool AcceptsRank(int rank);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!AcceptsRank(x.Rank) || x.Shape[1] != NumFeatures)
        {
            throw ShapeError(ExpectedShape, x);
        }

        CheckDType(x, RunningMean.DType);

        var axes = Enumerable.Range(0, x.Rank).Where(a => a != 1).ToArray();
        var statShape = Enumerable.Range(0, x.Rank).Select(a => a == 1 ? NumFeatures : 1).ToArray();
        var count = x.Size / NumFeatures;
        Tensor normalised;
        if (IsTraining)
        {
            if (count <= 1)
            {
                throw new ArgumentException($"{Describe()}: expected more than 1 value per channel when training, got input of shape {x.Shape}.", nameof(x));
            }

            var mean = Ops.Mean(x, axes, keepDim: true);
            var centred = Ops.Sub(x, mean);
            var variance = Ops.Mean(Ops.Mul(centred, centred), axes, keepDim: true);
            normalised = Ops.Div(centred, Ops.Sqrt(Ops.Add(variance, Eps)));
            UpdateRunningStatistics(mean, variance, count);
        }
        else
        {
            var mean = Ops.Reshape(RunningMean, statShape);
            var scale = Ops.Sqrt(Ops.Add(Ops.Reshape(RunningVar, statShape), Eps));
            normalised = Ops.Div(Ops.Sub(x, mean), scale);
        }

        return Affine
            ? Ops.Add(Ops.Mul(normalised, Ops.Reshape(Weight!, statShape)), Ops.Reshape(Bias!, statShape))
            : normalised;
    }

    /// <inheritdoc/>
    public override string Describe() => $"{GetType().Name}({NumFeatures}, eps={Eps}, momentum={Momentum}, affine={Affine})";

    private void UpdateRunningStatistics(Tensor mean, Tensor variance, int count)
    {
        var runningMean = RunningMean;
        var runningVar = RunningVar;
        var unbias = count / (double)(count - 1);
        for (var c = 0; c < NumFeatures; c++)
        {
            runningMean.SetFlat(c, ((1 - Momentum) * runningMean.GetFlat(c)) + (Momentum * mean.GetFlat(c)));
            runningVar.SetFlat(c, ((1 - Momentum) * runningVar.GetFlat(c)) + (Momentum * unbias * variance.GetFlat(c)));
        }

        NumBatchesTracked.SetFlat(0, NumBatchesTracked.GetFlat(0) + 1);
    }
}
