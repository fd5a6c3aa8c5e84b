using AutoDiff.Nn;

namespace AutoDiff.Bench.Train;

/// <summary>The parsed options of <c>autodiff train</c> (also used by <c>probe</c> to train a small model first).</summary>
public sealed record TrainSettings
{
    /// <summary>mlp or cnn.</summary>
    public string Model { get; init; } = "mlp";

    /// <summary>Hidden widths (MLP) or channel counts (CNN).</summary>
    public int[] Hidden { get; init; } = [256];

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
    public string Schedule { get; init; } = "constant";

    /// <summary>The mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The epoch to stop after.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>The seed of initialisation and shuffling.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>none, ema or polyak.</summary>
    public string Averaging { get; init; } = "none";

    /// <summary>Global gradient-norm clipping (0: off).</summary>
    public double ClipNorm { get; init; }

    /// <summary>Evaluate every this many steps.</summary>
    public int EvaluateEvery { get; init; } = 100;

    /// <summary>A checkpoint to continue from.</summary>
    public string? Resume { get; init; }

    /// <summary>Where to save the checkpoint (null: checkpoint.safetensors in the report folder).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The report folder.</summary>
    public string Out { get; init; } = Cli.OutputFolder.Default;
}
