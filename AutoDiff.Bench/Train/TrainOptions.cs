using System.CommandLine;
using System.Globalization;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Models;
using AutoDiff.Bench.Training;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Train;

/// <summary>The options of <c>autodiff train</c>, built fresh for each parse.</summary>
public sealed class TrainOptions
{
    private readonly Option<string> _model = OptionRules.Choice("--model", "Model", "mlp", [.. ModelSpec.Kinds]);
    private readonly Option<string?> _hidden = new("--hidden") { Description = "Hidden widths of the MLP (default 256,256), or the two channel counts of the CNN (default 32,64), comma-separated", HelpName = "LIST" };
    private readonly Option<string> _activation = OptionRules.Choice("--activation", "Hidden activation", "relu", [.. ModelSpec.Activations]);
    private readonly Option<string> _dataset = OptionRules.Choice("--dataset", "Data set", "fashion-mnist", [.. ClassificationData.Names]);
    private readonly Option<string?> _data = new("--data") { Description = "Folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist, package dataset-fashion-mnist)", HelpName = "DIR" };
    private readonly Option<int> _limit = OptionRules.Int("--limit", "Use only the first N training examples (0: all)", 0, 0);
    private readonly Option<string> _optimizer = OptionRules.Choice("--optimizer", "Optimizer", "adam", [.. OptimizerCatalog.Names]);
    private readonly Option<int> _monitor = OptionRules.Int("--monitor", "Training examples in the fixed subset whose loss is monitored", 5000, 1);
    private readonly Option<double?> _lr = OptionRules.OptionalPositive("--lr", "Learning rate (default: the optimizer's: sgd 0.1, momentum/nesterov 0.05, adagrad 0.01, adamax/nadam 0.002, others 0.001)");
    private readonly Option<string> _schedule = OptionRules.Choice("--schedule", "Learning-rate schedule", "cosine", [.. ScheduleCatalog.Names]);
    private readonly Option<int> _batch = OptionRules.Int("--batch-size", "Mini-batch size", 128, 1, 65536);
    private readonly Option<int> _epochs = OptionRules.Int("--epochs", "Epochs (with --resume: the epoch to stop after)", 10, 1, 100000);
    private readonly Option<int> _seed = OptionRules.Int("--seed", "Seed of initialisation and shuffling", 1, 0);
    private readonly Option<string> _average = OptionRules.Choice("--average", "Iterate averaging of the weights (EMA decay 0.999, or Polyak over the second half); the average is evaluated at the end", "none", "none", "ema", "polyak");
    private readonly Option<double> _clip = OptionRules.NonNegative("--clip-norm", "Clip the global gradient norm to this value (0: off)");
    private readonly Option<int> _evalEvery = OptionRules.Int("--eval-every", "Record a curve point (monitor and validation loss, gradient norm, update ratio) every N steps", 100, 1);
    private readonly Option<string?> _resume = new("--resume") { Description = "Continue from this checkpoint folder (its model.json gives the model and data set)", HelpName = "DIR" };
    private readonly Option<string?> _checkpoint = new("--checkpoint") { Description = "The checkpoint folder, written at each epoch's end and at the exact step Ctrl+C stops (default OUT/checkpoint)", HelpName = "DIR" };
    private readonly Option<string> _out = OptionRules.Out();

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _hidden.Validators.Add(r =>
        {
            var items = OptionRules.SplitList(r.GetValueOrDefault<string?>());
            if (items.Length == 0 || items.Any(i => !int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var w) || w < 1 || w > 65536))
            {
                r.AddError($"--hidden '{r.GetValueOrDefault<string?>()}' is not allowed; allowed values: comma-separated widths from 1 to 65536, e.g. 256 or 512,256.");
            }
        });
        foreach (var option in new Option[] { _model, _hidden, _activation, _dataset, _data, _limit, _optimizer, _lr, _schedule, _monitor, _batch, _epochs, _seed, _average, _clip, _evalEvery, _resume, _checkpoint, _out })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings from a successful parse.</summary>
    public TrainSettings Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new TrainSettings
        {
            Model = parse.GetValue(_model)!.ToLowerInvariant(),
            Hidden = OptionRules.SplitList(parse.GetValue(_hidden) ?? (parse.GetValue(_model) == "cnn" ? "32,64" : "256,256")).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Activation = Enum.Parse<Activation>(parse.GetValue(_activation)!, ignoreCase: true),
            Dataset = parse.GetValue(_dataset)!.ToLowerInvariant(),
            DataDirectory = parse.GetValue(_data),
            Limit = parse.GetValue(_limit),
            Optimizer = parse.GetValue(_optimizer)!.ToLowerInvariant(),
            LearningRate = parse.GetValue(_lr),
            Schedule = parse.GetValue(_schedule)!.ToLowerInvariant(),
            BatchSize = parse.GetValue(_batch),
            Epochs = parse.GetValue(_epochs),
            Seed = (ulong)parse.GetValue(_seed),
            Averaging = parse.GetValue(_average)!.ToLowerInvariant(),
            ClipNorm = parse.GetValue(_clip),
            EvaluateEvery = parse.GetValue(_evalEvery),
            MonitorCount = parse.GetValue(_monitor),
            Resume = parse.GetValue(_resume),
            Checkpoint = parse.GetValue(_checkpoint),
            Out = parse.GetValue(_out)!,
        };
    }
}
