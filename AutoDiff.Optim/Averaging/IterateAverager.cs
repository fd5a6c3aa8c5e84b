using System.Numerics;
using AutoDiff.Nn;
using AutoDiff.Serialization;

namespace AutoDiff.Optim.Averaging;

/// <summary>
/// Iterate averaging over any optimizer's parameters (PyTorch's <c>swa_utils.AveragedModel</c>):
/// <list type="bullet">
/// <item>Polyak–Ruppert: the uniform mean of the iterates from a chosen step on, θ̄ ← θ̄ + (θ − θ̄)/(n + 1);</item>
/// <item>EMA: θ̄ ← lerp(θ̄, θ, 1 − β), an exponential moving average with decay β.</item>
/// </list>
/// The first update copies θ. Evaluate with the averages in a scope: <c>using (averager.Swap()) { … }</c>, which puts
/// them into the parameters and swaps the trained weights back on disposal. Batch-norm statistics belong to the
/// weights they were measured with: refresh them for the averages with <see cref="UpdateBatchNorm"/>.
/// </summary>
public sealed class IterateAverager
{
    private readonly Tensor[] _averages;
    private readonly Tensor[] _backup;
    private bool _swapped;

    private IterateAverager(IReadOnlyList<Tensor> parameters, long startStep, double decay, bool ema)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(startStep);
        Parameters = parameters.ToArray();
        _averages = Parameters.Select(p => Tensor.Zeros(p.Shape, p.DType)).ToArray();
        _backup = Parameters.Select(p => Tensor.Zeros(p.Shape, p.DType)).ToArray();
        StartStep = startStep;
        Decay = decay;
        IsEma = ema;
    }

    /// <summary>Polyak averaging: the uniform mean of the iterates from step <paramref name="startStep"/> on.</summary>
    /// <param name="parameters">The parameters to average.</param>
    /// <param name="startStep">The first optimizer step whose iterate is averaged.</param>
    /// <returns>The averager.</returns>
    public static IterateAverager Polyak(IReadOnlyList<Tensor> parameters, long startStep = 0) => new(parameters, startStep, 0, ema: false);

    /// <summary>An exponential moving average with decay β.</summary>
    /// <param name="parameters">The parameters to average.</param>
    /// <param name="decay">β in [0, 1).</param>
    /// <returns>The averager.</returns>
    public static IterateAverager Ema(IReadOnlyList<Tensor> parameters, double decay = 0.999)
    {
        Check.Require(decay is >= 0 and < 1, nameof(IterateAverager), nameof(decay), decay, "in [0, 1)");
        return new(parameters, 0, decay, ema: true);
    }

    /// <summary>The averaged parameters.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The averages, one per parameter.</summary>
    public IReadOnlyList<Tensor> Averages => _averages;

    /// <summary>The first step averaged (Polyak).</summary>
    public long StartStep { get; }

    /// <summary>β (EMA).</summary>
    public double Decay { get; }

    /// <summary>Whether this is an exponential moving average.</summary>
    public bool IsEma { get; }

    /// <summary>How many iterates have been averaged.</summary>
    public long Count { get; private set; }

    /// <summary>Averages the current parameters in, after optimizer step <paramref name="step"/> (Polyak skips steps before its start).</summary>
    /// <param name="step">The optimizer's <see cref="Optimizer.StepCount"/>.</param>
    public void Update(long step)
    {
        if (_swapped)
        {
            throw new InvalidOperationException("IterateAverager: the averages are swapped into the parameters; dispose the Swap() scope first.");
        }

        if (!IsEma && step < StartStep)
        {
            return;
        }

        var weight = IsEma ? 1 - Decay : Count + 1;   // EMA: the lerp weight; Polyak: the divisor
        for (var i = 0; i < _averages.Length; i++)
        {
            if (Count == 0)
            {
                _averages[i].CopyFrom(Parameters[i]);
            }
            else if (_averages[i].DType == DType.Float32)
            {
                Mix(_averages[i].AsSpan<float>(), Parameters[i].AsSpan<float>(), weight, IsEma);
            }
            else
            {
                Mix(_averages[i].AsSpan<double>(), Parameters[i].AsSpan<double>(), weight, IsEma);
            }
        }

        Count++;
    }

    /// <summary>Puts the averages into the parameters until the returned scope is disposed, which restores the trained weights.</summary>
    /// <returns>The scope.</returns>
    public IDisposable Swap()
    {
        if (_swapped)
        {
            throw new InvalidOperationException("IterateAverager: the averages are already swapped in.");
        }

        if (Count == 0)
        {
            throw new InvalidOperationException("IterateAverager: nothing has been averaged yet.");
        }

        for (var i = 0; i < _averages.Length; i++)
        {
            _backup[i].CopyFrom(Parameters[i]);
            Parameters[i].CopyFrom(_averages[i]);
        }

        _swapped = true;
        return new Restore(this);
    }

    /// <summary>
    /// Recomputes every batch-norm layer's running statistics for the current weights (call it inside
    /// <see cref="Swap"/>), as PyTorch's <c>update_bn</c>: the statistics are reset and set to the equally weighted
    /// mean over <paramref name="batches"/> of each batch's statistics. The module's training mode is restored.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="batches">Inputs, e.g. one pass of the training loader.</param>
    public static void UpdateBatchNorm(Module model, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var layers = model.NamedModules().Select(m => m.Module).OfType<BatchNorm>().Where(b => b.Momentum > 0).ToArray();
        if (layers.Length == 0)
        {
            return;
        }

        var wasTraining = model.IsTraining;
        var sums = layers.Select(b => (Mean: new double[b.NumFeatures], Var: new double[b.NumFeatures])).ToArray();
        var before = layers.Select(b => (Mean: new double[b.NumFeatures], Var: new double[b.NumFeatures])).ToArray();
        var n = 0;
        model.Train();
        try
        {
            foreach (var x in batches)
            {
                for (var k = 0; k < layers.Length; k++)
                {
                    for (var c = 0; c < layers[k].NumFeatures; c++)
                    {
                        before[k].Mean[c] = layers[k].RunningMean.GetFlat(c);
                        before[k].Var[c] = layers[k].RunningVar.GetFlat(c);
                    }
                }

                using (BufferScope.Begin())
                {
                    model.Forward(x);
                }

                // The layer moved its running value by momentum m towards the batch's: recover the batch's value.
                for (var k = 0; k < layers.Length; k++)
                {
                    var m = layers[k].Momentum;
                    for (var c = 0; c < layers[k].NumFeatures; c++)
                    {
                        sums[k].Mean[c] += (layers[k].RunningMean.GetFlat(c) - ((1 - m) * before[k].Mean[c])) / m;
                        sums[k].Var[c] += (layers[k].RunningVar.GetFlat(c) - ((1 - m) * before[k].Var[c])) / m;
                    }
                }

                n++;
            }
        }
        finally
        {
            model.Train(wasTraining);
        }

        for (var k = 0; k < layers.Length && n > 0; k++)
        {
            for (var c = 0; c < layers[k].NumFeatures; c++)
            {
                layers[k].RunningMean.SetFlat(c, sums[k].Mean[c] / n);
                layers[k].RunningVar.SetFlat(c, sums[k].Var[c] / n);
            }

            layers[k].NumBatchesTracked.SetFlat(0, n);
        }
    }

    /// <summary>The averages and count as safetensors entries named <c>average/{i}</c> and <c>average/count</c>.</summary>
    /// <returns>The entries.</returns>
    public IReadOnlyList<SafeTensorEntry> ToEntries()
    {
        var entries = new List<SafeTensorEntry> { SafeTensorEntry.FromDoubles("average/count", [Count]) };
        for (var i = 0; i < _averages.Length; i++)
        {
            var a = _averages[i];
            var shape = Enumerable.Range(0, a.Rank).Select(d => (long)a.Shape[d]).ToArray();
            entries.Add(a.DType == DType.Float32
                ? SafeTensorEntry.FromFloats($"average/{i}", a.AsSpan<float>(), shape)
                : SafeTensorEntry.FromDoubles($"average/{i}", a.AsSpan<double>(), shape));
        }

        return entries;
    }

    /// <summary>Restores what <see cref="ToEntries"/> saved, validated first (names, shapes, dtypes).</summary>
    /// <param name="content">The saved content.</param>
    public void Load(SafeTensorsContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var values = new Tensor[_averages.Length];
        for (var i = 0; i < _averages.Length; i++)
        {
            var a = _averages[i];
            if (!content.TryGetTensor($"average/{i}", out var entry) || entry.ElementCount != a.Size
                || entry.DType != (a.DType == DType.Float32 ? SafeTensorDType.F32 : SafeTensorDType.F64))
            {
                throw new InvalidDataException($"IterateAverager: tensor 'average/{i}' is missing or does not match {a.DType}{a.Shape}.");
            }

            values[i] = a.DType == DType.Float32 ? Tensor.FromArray(entry.ToFloatArray(), a.Shape) : Tensor.FromArray(entry.ToDoubleArray(), a.Shape);
        }

        if (!content.TryGetTensor("average/count", out var count))
        {
            throw new InvalidDataException("IterateAverager: tensor 'average/count' is missing.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            _averages[i].CopyFrom(values[i]);
        }

        Count = (long)count.ToDoubleArray()[0];
    }

    private static void Mix<T>(Span<T> average, ReadOnlySpan<T> current, double weight, bool ema)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ema)
        {
            var lerp = new Lerp<T>(weight);
            for (var i = 0; i < average.Length; i++)
            {
                average[i] = lerp.Of(average[i], current[i]);
            }
        }
        else
        {
            var n = T.CreateTruncating(weight);
            for (var i = 0; i < average.Length; i++)
            {
                average[i] += (current[i] - average[i]) / n;
            }
        }
    }

    private sealed class Restore(IterateAverager owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            for (var i = 0; i < owner._averages.Length; i++)
            {
                owner.Parameters[i].CopyFrom(owner._backup[i]);
            }

            owner._swapped = false;
        }
    }
}
