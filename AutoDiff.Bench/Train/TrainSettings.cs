using System.Globalization;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Train;

/// <summary>The parsed options of <c>autodiff train</c> (also used by <c>probe</c> to train a small model first).</summary>
public sealed record TrainSettings
{
    /// <summary>mlp or cnn.</summary>
    public string Model { get; init; } = "mlp";

    /// <summary>Hidden widths (MLP) or channel counts (CNN).</summary>
    public int[] Hidden { get; init; } = [256, 256];

    /// <summary>The hidden activation.</summary>
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>The data set's name.</summary>
    public string Dataset { get; init; } = "fashion-mnist";

    /// <summary>The Fashion-MNIST folder (null: the Debian package's).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Training examples to keep (0: all).</summary>
    public int Limit { get; init; }

    /// <summary>The optimizer's name.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>The learning rate (null: the optimizer's default).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The schedule's name.</summary>
    public string Schedule { get; init; } = "cosine";

    /// <summary>The mini-batch size.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>The epoch to stop after.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>The seed of initialisation and shuffling.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>none, ema or polyak.</summary>
    public string Averaging { get; init; } = "none";

    /// <summary>Global gradient-norm clipping (0: off).</summary>
    public double ClipNorm { get; init; }

    /// <summary>Evaluate every this many steps.</summary>
    public int EvaluateEvery { get; init; } = 100;

    /// <summary>Training examples in the fixed monitor subset.</summary>
    public int MonitorCount { get; init; } = 5000;

    /// <summary>A checkpoint to continue from.</summary>
    public string? Resume { get; init; }

    /// <summary>The checkpoint folder (null: checkpoint in the report folder).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The settings a resumed run must keep (the optimizer's state and the schedule depend on them).</summary>
    public Dictionary<string, string> ToSaved() => new()
    {
        ["optimizer"] = Optimizer,
        ["lr"] = (LearningRate ?? double.NaN).ToString("R", CultureInfo.InvariantCulture),
        ["schedule"] = Schedule,
        ["batch_size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["average"] = Averaging,
        ["clip_norm"] = ClipNorm.ToString("R", CultureInfo.InvariantCulture),
        ["limit"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["monitor"] = MonitorCount.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>These settings with the saved ones of a checkpoint (everything but the epochs, the report folder and the curve interval).</summary>
    public TrainSettings WithSaved(IReadOnlyDictionary<string, string> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        string Get(string key, string fallback) => saved.TryGetValue(key, out var v) ? v : fallback;
        var lr = double.Parse(Get("lr", "NaN"), CultureInfo.InvariantCulture);
        return this with
        {
            Optimizer = Get("optimizer", Optimizer),
            LearningRate = double.IsNaN(lr) ? null : lr,
            Schedule = Get("schedule", Schedule),
            BatchSize = int.Parse(Get("batch_size", BatchSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            Averaging = Get("average", Averaging),
            ClipNorm = double.Parse(Get("clip_norm", "0"), CultureInfo.InvariantCulture),
            Limit = int.Parse(Get("limit", "0"), CultureInfo.InvariantCulture),
            MonitorCount = int.Parse(Get("monitor", MonitorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The report folder.</summary>
    public string Out { get; init; } = Cli.OutputFolder.Default;
}
