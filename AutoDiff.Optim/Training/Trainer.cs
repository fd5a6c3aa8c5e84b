using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDiff.Data;
using AutoDiff.Nn;
using AutoDiff.Serialization;

namespace AutoDiff.Optim.Training;

/// <summary>
/// A console-free training loop over a <see cref="DataLoader"/> of labelled batches. The curve is measured on a fixed
/// monitoring subset of the training data (never on the current batch) and on validation data, and each point records
/// the step, epoch, learning rate, gradient norm, update/parameter norm ratio, losses, accuracies and wall time.
/// Divergence (a NaN or infinite loss, or one above <see cref="TrainerOptions.DivergenceFactor"/> times the first
/// monitored loss) stops training with a report. Runs are deterministic: the same seeds give the same curve, and
/// resuming from a checkpoint gives the curve an uninterrupted run gives.
/// </summary>
public sealed class Trainer
{
    private const string StateFile = "trainer.json";
    private const string ModelFile = "model.safetensors";
    private const string OptimizerFile = "optimizer.safetensors";
    private const string AveragerFile = "averager.safetensors";

    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly Module _model;
    private readonly Optimizer _optimizer;
    private readonly Func<Tensor, int[], Tensor> _loss;
    private readonly TrainerOptions _options;
    private readonly Tensor[] _before;
    private readonly Tensor?[] _grads;
    private double _epochStartSeconds;
    private double _startLoss = double.NaN;

    /// <summary>Creates the loop.</summary>
    /// <param name="model">The model (its output: logits for the loss).</param>
    /// <param name="optimizer">The optimizer over (some of) the model's parameters.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <param name="loss">The mean loss of a batch from logits and labels; softmax cross-entropy when null.</param>
    public Trainer(Module model, Optimizer optimizer, TrainerOptions? options = null, Func<Tensor, int[], Tensor>? loss = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        _options = options ?? new TrainerOptions();
        _loss = loss ?? ((logits, labels) => Losses.SoftmaxCrossEntropy(logits, labels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.Epochs, nameof(TrainerOptions.Epochs));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.RecordEvery, nameof(TrainerOptions.RecordEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.StepProgressInterval, TimeSpan.Zero, nameof(TrainerOptions.StepProgressInterval));
        _before = optimizer.Parameters.Select(p => Tensor.Zeros(p.Shape, p.DType)).ToArray();
        _grads = new Tensor?[optimizer.Parameters.Count];
    }

    /// <summary>The curve so far (kept across <see cref="Fit"/> calls and restored from checkpoints).</summary>
    public TrainingCurve Curve { get; private set; } = new();

    /// <summary>Trains for <see cref="TrainerOptions.Epochs"/> epochs (or resumes and finishes them).</summary>
    /// <param name="train">The training batches; shuffling comes from its seed (a fresh loader: resuming replays its draws).</param>
    /// <param name="monitor">A fixed subset of the training data for the training curve (see <see cref="MonitorSubset(Dataset, int, ulong, int, DType)"/>).</param>
    /// <param name="validation">Validation data, or null.</param>
    /// <param name="progress">Receives each curve point as it is recorded.</param>
    /// <param name="cancellationToken">
    /// Stops between steps: with <see cref="TrainerOptions.CheckpointDirectory"/> a checkpoint of that exact step is
    /// written first (resuming from it continues bit for bit as if never stopped); then
    /// <see cref="OperationCanceledException"/> is thrown.
    /// </param>
    /// <returns>The curve and why training stopped.</returns>
    public TrainingResult Fit(DataLoader train, DataLoader monitor, DataLoader? validation = null, IProgress<CurvePoint>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(monitor);
        var batches = train.BatchCount;
        var epoch = 0;
        var resumeBatch = 0;
        var seconds = Curve.Points.Count > 0 ? Curve.Points[^1].Seconds : 0.0;
        var startLoss = _startLoss;
        _epochStartSeconds = seconds;
        if (_options.Resume && _options.CheckpointDirectory is { } dir && File.Exists(Path.Combine(dir, StateFile)))
        {
            (epoch, resumeBatch, seconds, startLoss) = LoadCheckpoint(dir, batches);
            _startLoss = startLoss;

            // The loader draws one shuffled order per pass: replay the completed epochs' draws (the current one's is drawn below).
            for (var e = 0; e < epoch; e++)
            {
                using var skip = train.GetEnumerator();
            }
        }

        _optimizer.ZeroGrad();   // gradients left from before would be added to the first batch's
        var epochSeconds = new List<double>();
        if (Curve.Points.Count == 0)
        {
            var first = Evaluate(0, 0, _options.Schedule?.Value(0) ?? _optimizer.LearningRate, double.NaN, double.NaN, 0, monitor, validation);
            startLoss = _startLoss = first.MonitorLoss;
            Record(first, progress);
            if (!double.IsFinite(startLoss))
            {
                return new TrainingResult(Curve, epoch, 0, epochSeconds, $"the initial monitored loss is {startLoss}");
            }
        }

        var live = new LiveReport(_options, (long)_options.Epochs * batches);
        var clock = new Stopwatch();
        var epochsThisCall = 0;
        while (epoch < _options.Epochs)
        {
            using var batch = train.GetEnumerator();
            var index = 0;

            // Resuming mid-epoch: the order of this epoch is drawn; skip the batches already trained on.
            while (index < resumeBatch && batch.MoveNext())
            {
                index++;
            }

            resumeBatch = 0;
            clock.Restart();
            while (batch.MoveNext())
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Cancel(epoch, index, seconds + clock.Elapsed.TotalSeconds, startLoss, cancellationToken);
                }

                var (x, labels) = batch.Current;
                index++;
                var step = _optimizer.StepCount + 1;
                var last = _options.MaxSteps > 0 && step >= _options.MaxSteps;
                var record = (_options.RecordEvery > 0 && step % _options.RecordEvery == 0) || index == batches || last;
                double loss;
                using (var tape = Tape.Record())
                {
                    var value = _loss(_model.Forward(x), labels);
                    loss = value.Item();
                    value.Backward();
                }

                if (!double.IsFinite(loss) || loss > _options.DivergenceFactor * startLoss)
                {
                    _optimizer.ZeroGrad();
                    return new TrainingResult(Curve, epoch, _optimizer.StepCount, epochSeconds, $"the batch loss at step {step} is {loss.ToString("G6", CultureInfo.InvariantCulture)} (the first monitored loss was {startLoss.ToString("G6", CultureInfo.InvariantCulture)})");
                }

                if (_options.Schedule is { } schedule)
                {
                    _optimizer.LearningRate = schedule.Value(_optimizer.StepCount);
                }

                var gradientNorm = double.NaN;
                if (record)
                {
                    for (var i = 0; i < _grads.Length; i++)
                    {
                        _grads[i] = _optimizer.Parameters[i].Grad;
                        _before[i].CopyFrom(_optimizer.Parameters[i]);
                    }

                    gradientNorm = ClipByGlobalNorm.GlobalNorm(_grads);
                    Array.Clear(_grads);
                }

                _optimizer.Step();
                _optimizer.ZeroGrad();
                _options.Averager?.Update(_optimizer.StepCount);
                if (record)
                {
                    seconds += clock.Elapsed.TotalSeconds;
                    var evaluating = Stopwatch.GetTimestamp();
                    var point = Evaluate(_optimizer.StepCount, epoch + ((double)index / batches), _optimizer.LearningRate, gradientNorm, UpdateRatio(), seconds, monitor, validation);
                    Record(point, progress);
                    live.Pause(evaluating);
                    if (_options.Schedule is ReduceOnPlateau plateau)
                    {
                        plateau.Report(point.MonitorLoss);
                    }

                    if (!double.IsFinite(point.MonitorLoss) || point.MonitorLoss > _options.DivergenceFactor * startLoss)
                    {
                        return new TrainingResult(Curve, epoch, _optimizer.StepCount, epochSeconds, $"the monitored loss at step {point.Step} is {point.MonitorLoss.ToString("G6", CultureInfo.InvariantCulture)} (it started at {startLoss.ToString("G6", CultureInfo.InvariantCulture)})");
                    }

                    clock.Restart();
                }

                // After the curve point, so a live line that shows both is current.
                live.Step(_optimizer.StepCount, epoch + ((double)index / batches), loss, _optimizer.LearningRate, labels.Length, last || (epoch == _options.Epochs - 1 && index == batches));
                if (last)
                {
                    return new TrainingResult(Curve, epoch, _optimizer.StepCount, epochSeconds, null);
                }
            }

            seconds += clock.Elapsed.TotalSeconds;
            epochSeconds.Add(EpochTime(seconds));
            epoch++;
            epochsThisCall++;
            if (_options.CheckpointDirectory is { } folder && epoch % _options.CheckpointEvery == 0)
            {
                SaveCheckpoint(folder, epoch, 0, seconds, startLoss);
            }

            if (_options.StopAfterEpochs > 0 && epochsThisCall >= _options.StopAfterEpochs)
            {
                break;
            }
        }

        return new TrainingResult(Curve, epoch, _optimizer.StepCount, epochSeconds, null);
    }

    /// <summary>
    /// A fixed, seeded random subset of <paramref name="count"/> examples of an image split, as a loader that does not
    /// shuffle: the data a training curve is measured on.
    /// </summary>
    /// <param name="split">The training images.</param>
    /// <param name="count">How many examples.</param>
    /// <param name="asImages">Whether examples are [1, H, W] images (for convolutions).</param>
    /// <param name="seed">The seed of the choice.</param>
    /// <param name="batchSize">The batch size of evaluation.</param>
    /// <returns>The loader.</returns>
    public static DataLoader MonitorSubset(ImageSplit split, int count, bool asImages = false, ulong seed = 0, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        count = Math.Min(count, split.Count);
        var order = Enumerable.Range(0, split.Count).ToArray();
        new Rng(seed).Shuffle(order.AsSpan());
        var pixels = split.PixelsPerImage;
        var features = new float[count * pixels];
        var labels = new int[count];
        for (var k = 0; k < count; k++)
        {
            split.GetImage(order[k]).CopyTo(features.AsSpan(k * pixels, pixels));
            labels[k] = split.Labels[order[k]];
        }

        var shape = asImages ? new Shape(1, split.Height, split.Width) : new Shape(pixels);
        return DataLoader.FromArrays(features, shape, labels, batchSize, shuffle: false);
    }

    /// <summary>A fixed, seeded random subset of <paramref name="count"/> examples of a classification data set, as a loader that does not shuffle.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="count">How many examples.</param>
    /// <param name="seed">The seed of the choice.</param>
    /// <param name="batchSize">The batch size of evaluation.</param>
    /// <param name="dtype">The element type of the batches.</param>
    /// <returns>The loader.</returns>
    public static DataLoader MonitorSubset(Dataset data, int count, ulong seed = 0, int batchSize = 1000, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var labels = data.Labels ?? throw new ArgumentException("MonitorSubset: the data set has regression targets, not labels.", nameof(data));
        count = Math.Min(count, data.Count);
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Rng(seed).Shuffle(order.AsSpan());
        var width = data.FeatureCount;
        var features = new double[count * width];
        var chosen = new int[count];
        for (var k = 0; k < count; k++)
        {
            data.Features.AsSpan(order[k] * width, width).CopyTo(features.AsSpan(k * width, width));
            chosen[k] = labels[order[k]];
        }

        return DataLoader.FromArrays(features, new Shape(width), chosen, batchSize, shuffle: false, dtype: dtype);
    }

    /// <summary>The mean loss and the accuracy of the model (in evaluation mode) over every batch of <paramref name="data"/>.</summary>
    /// <param name="data">The batches.</param>
    /// <returns>The mean loss per example and the accuracy.</returns>
    public (double Loss, double Accuracy) Evaluate(DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var wasTraining = _model.IsTraining;
        _model.Eval();
        try
        {
            double loss = 0, correct = 0;
            var count = 0;
            foreach (var (x, labels) in data)
            {
                using var scope = BufferScope.Begin();
                var logits = _model.Forward(x);
                loss += _loss(logits, labels).Item() * labels.Length;
                correct += Losses.Accuracy(logits, labels) * labels.Length;
                count += labels.Length;
            }

            return (loss / count, correct / count);
        }
        finally
        {
            _model.Train(wasTraining);
        }
    }

    /// <summary>The training seconds of the epoch that just ended: the total minus where it started.</summary>
    private double EpochTime(double seconds)
    {
        var start = _epochStartSeconds;
        _epochStartSeconds = seconds;
        return seconds - start;
    }

    private CurvePoint Evaluate(long step, double epoch, double lr, double gradientNorm, double updateRatio, double seconds, DataLoader monitor, DataLoader? validation)
    {
        var (monitorLoss, monitorAccuracy) = Evaluate(monitor);
        var (validationLoss, validationAccuracy) = validation is null ? (double.NaN, double.NaN) : Evaluate(validation);
        return new CurvePoint(step, epoch, lr, gradientNorm, updateRatio, monitorLoss, monitorAccuracy, validationLoss, validationAccuracy, seconds);
    }

    private void Record(CurvePoint point, IProgress<CurvePoint>? progress)
    {
        Curve.Add(point);
        progress?.Report(point);
    }

    /// <summary>‖θ − θ_before‖ / ‖θ_before‖ over all parameters, in float64.</summary>
    private double UpdateRatio()
    {
        double delta = 0, norm = 0;
        for (var i = 0; i < _before.Length; i++)
        {
            var p = _optimizer.Parameters[i];
            var (d, b) = p.DType == DType.Float32
                ? SquareSums.OfDifference(p.AsSpan<float>(), _before[i].AsSpan<float>())
                : SquareSums.OfDifference(p.AsSpan<double>(), _before[i].AsSpan<double>());
            delta += d;
            norm += b;
        }

        return Math.Sqrt(delta) / Math.Sqrt(norm);
    }

    /// <summary>Saves a checkpoint of the step reached (when there is a folder), then throws: what cancellation does.</summary>
    [DoesNotReturn]
    private void Cancel(int epoch, int batch, double seconds, double startLoss, CancellationToken cancellationToken)
    {
        if (_options.CheckpointDirectory is { } folder)
        {
            SaveCheckpoint(folder, epoch, batch, seconds, startLoss);
        }

        throw new OperationCanceledException($"Trainer.Fit: cancelled after step {_optimizer.StepCount} (epoch {epoch + 1}, batch {batch} of it).", cancellationToken);
    }

    /// <summary>Every module with its own random generator (dropout), by path.</summary>
    private IEnumerable<(string Path, Rng Generator)> Generators()
        => _model.NamedModules().Where(m => m.Module is IStochasticModule).Select(m => (m.Name, ((IStochasticModule)m.Module).Generator));

    private void SaveCheckpoint(string dir, int epoch, int batch, double seconds, double startLoss)
    {
        Directory.CreateDirectory(dir);
        Checkpoint.Save(_model, Path.Combine(dir, ModelFile));
        _optimizer.SaveState(Path.Combine(dir, OptimizerFile), _model);
        if (_options.Averager is { } averager)
        {
            SafeTensors.Write(Path.Combine(dir, AveragerFile), averager.ToEntries());
        }

        var state = new Dictionary<string, object>
        {
            ["epoch"] = epoch,
            ["batch"] = batch,
            ["seconds"] = seconds,
            ["epoch_start_seconds"] = _epochStartSeconds,
            ["start_loss"] = startLoss,
            ["learning_rate"] = _optimizer.LearningRate,
            ["schedule"] = _options.Schedule?.GetState() ?? [],
            ["rng"] = Generators().ToDictionary(g => g.Path, g => ToWords(g.Generator.GetState()), StringComparer.Ordinal),
            ["curve"] = JsonDocument.Parse(Curve.ToJson()).RootElement,
        };

        // Written last: a checkpoint counts only once its trainer state is there.
        AtomicFile.WriteAllText(Path.Combine(dir, StateFile), JsonSerializer.Serialize(state, s_json));
    }

    private (int Epoch, int Batch, double Seconds, double StartLoss) LoadCheckpoint(string dir, int batches)
    {
        var stateFile = Path.Combine(dir, StateFile);
        using var document = JsonDocument.Parse(File.ReadAllText(stateFile));
        var root = document.RootElement;

        // Checkpoints from before mid-epoch saving lack these: epoch ends, generators not restored.
        var batch = root.TryGetProperty("batch", out var b) ? b.GetInt32() : 0;
        if (batch < 0 || batch > batches)
        {
            throw new InvalidDataException($"{stateFile}: the checkpoint stopped after batch {batch} of its epoch, but the training loader has {batches} batches per epoch; resume with the same data and batch size.");
        }

        var generators = Generators().ToArray();
        var rng = root.TryGetProperty("rng", out var r) ? ReadGenerators(r, generators, stateFile) : null;

        // Both files are validated before anything changes: the optimizer's state is kept to put back if the model's fails.
        var model = SafeTensors.Read(Path.Combine(dir, ModelFile));
        var saved = SafeTensors.Read(SafeTensors.Serialize(_optimizer.StateEntries(_model), _optimizer.StateMetadata()));
        _optimizer.LoadState(SafeTensors.Read(Path.Combine(dir, OptimizerFile)), _model, Path.Combine(dir, OptimizerFile));
        try
        {
            Checkpoint.Load(_model, model, Path.Combine(dir, ModelFile));
        }
        catch
        {
            _optimizer.LoadState(saved, _model);
            throw;
        }

        _optimizer.LearningRate = root.GetProperty("learning_rate").GetDouble();
        _options.Schedule?.SetState(root.GetProperty("schedule").Deserialize<double[]>(s_json) ?? []);
        if (_options.Averager is { } averager)
        {
            averager.Load(SafeTensors.Read(Path.Combine(dir, AveragerFile)));
        }

        if (rng is not null)
        {
            for (var i = 0; i < generators.Length; i++)
            {
                generators[i].Generator.SetState(rng[i]);
            }
        }

        Curve = TrainingCurve.FromJson(root.GetProperty("curve").GetRawText());
        var seconds = root.GetProperty("seconds").GetDouble();
        _epochStartSeconds = root.TryGetProperty("epoch_start_seconds", out var start) ? start.GetDouble() : seconds;
        return (root.GetProperty("epoch").GetInt32(), batch, seconds, root.GetProperty("start_loss").GetDouble());
    }

    /// <summary>The saved generator states, one per stochastic module of the model, in order; a missing or extra module is named.</summary>
    private static RngState[] ReadGenerators(JsonElement saved, (string Path, Rng Generator)[] generators, string source)
    {
        var states = saved.Deserialize<Dictionary<string, ulong[]>>() ?? [];
        foreach (var path in states.Keys.Where(k => !generators.Any(g => g.Path == k)))
        {
            throw new InvalidDataException($"{source}: a random generator is saved for module '{path}', which is not a dropout (or other stochastic) layer of the model.");
        }

        return generators.Select(g => states.TryGetValue(g.Path, out var words) && words.Length == 6
            ? new RngState(words[0], words[1], words[2], words[3], BitConverter.UInt64BitsToDouble(words[4]), words[5] != 0)
            : throw new InvalidDataException($"{source}: no random generator state is saved for the model's stochastic layer '{g.Path}'.")).ToArray();
    }

    /// <summary>A generator state as six exact JSON integers (a double as its bits).</summary>
    private static ulong[] ToWords(RngState s) => [s.S0, s.S1, s.S2, s.S3, BitConverter.DoubleToUInt64Bits(s.SpareNormal), s.HasSpareNormal ? 1UL : 0UL];
}
