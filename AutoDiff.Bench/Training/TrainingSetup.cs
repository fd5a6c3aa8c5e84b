using AutoDiff.Data;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Training;

/// <summary>A classification model, its data and the optimisation settings for <see cref="Trainer"/>.</summary>
public sealed class TrainingSetup
{
    /// <summary>The parameters to optimize (leaves).</summary>
    public required IReadOnlyList<Tensor> Parameters { get; init; }

    /// <summary>The model's logits for a batch of inputs.</summary>
    public required Func<Tensor, Tensor> Logits { get; init; }

    /// <summary>The training batches.</summary>
    public required DataLoader Train { get; init; }

    /// <summary>The fixed subset of the training set whose loss is the monitored curve.</summary>
    public required (Tensor X, int[] Labels) Monitor { get; init; }

    /// <summary>The validation set.</summary>
    public required (Tensor X, int[] Labels) Validation { get; init; }

    /// <summary>The module, switched to evaluation mode while evaluating (null for a bare function).</summary>
    public Module? Module { get; init; }

    /// <summary>The optimizer's name in <see cref="OptimizerCatalog"/>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>The (peak) learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The schedule's name in <see cref="Schedules"/>.</summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>The epoch to stop after.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Epochs already done (when resuming).</summary>
    public int StartEpoch { get; init; }

    /// <summary>Iterate averaging: none, ema or polyak; evaluation and the final weights use the average.</summary>
    public string Averaging { get; init; } = "none";

    /// <summary>Clip the global gradient norm to this value (0: off).</summary>
    public double ClipNorm { get; init; }

    /// <summary>Evaluate every this many steps (and at each epoch's end).</summary>
    public int EvaluateEvery { get; init; } = 50;
}
