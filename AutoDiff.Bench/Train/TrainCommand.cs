using System.CommandLine;
using System.Globalization;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Models;
using AutoDiff.Bench.Reporting;
using AutoDiff.Bench.Training;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Train;

/// <summary>
/// <c>autodiff train</c>: an MLP or CNN on Fashion-MNIST or a synthetic set with a chosen optimizer, schedule,
/// averaging and clipping; live progress; a safetensors checkpoint, the curve as CSV and JSON, and the report.
/// </summary>
public static class TrainCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff train                                               # MLP 784-256-10 on Fashion-MNIST, Adam, 3 epochs",
        "autodiff train --model cnn --epochs 2 --optimizer momentum --lr 0.05 --schedule cosine",
        "autodiff train --hidden 512,256 --activation gelu --average ema --clip-norm 5",
        "autodiff train --dataset spirals --hidden 32,32 --activation tanh --epochs 50",
        "autodiff train --resume autodiff-out/checkpoint.safetensors --epochs 6    # continue to epoch 6",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var o = new TrainOptions();
        var command = new Command("train", "Train an MLP or CNN with live progress; writes a safetensors checkpoint, the curve (CSV, JSON) and the report; --resume continues");
        o.AddTo(command);
        command.SetAction(parse => Run(context, o.Read(parse)));
        return command;
    }

    /// <summary>Trains per <paramref name="settings"/> and writes everything into its folder.</summary>
    internal static int Run(CliContext context, TrainSettings settings)
    {
        var folder = OutputFolder.Prepare(settings.Out);
        var checkpointPath = settings.Checkpoint ?? Path.Combine(folder, "checkpoint.safetensors");
        ModelSpec spec;
        var startEpoch = 0;
        Dictionary<string, string>? resumed = null;
        if (settings.Resume is not null)
        {
            resumed = CheckpointFiles.ReadMetadata(settings.Resume);
            spec = ModelSpec.FromMetadata(resumed, settings.Resume);
            startEpoch = resumed.TryGetValue("epoch", out var e) ? int.Parse(e, CultureInfo.InvariantCulture) : 0;
        }
        else
        {
            spec = new ModelSpec(settings.Model, settings.Hidden, settings.Activation, settings.Dataset, 0, 0, settings.Seed);
        }

        var data = ClassificationData.Load(spec.Dataset, settings.DataDirectory, settings.Limit, settings.Seed);
        spec = spec with { Inputs = data.Inputs, Classes = data.Classes };
        var model = spec.Build();
        if (settings.Resume is not null)
        {
            CheckpointFiles.Load(model, settings.Resume);
            if (startEpoch >= settings.Epochs)
            {
                throw new UsageException($"--resume '{settings.Resume}' has already trained {startEpoch} epochs; pass --epochs greater than {startEpoch} to continue.");
            }
        }

        var lr = settings.LearningRate ?? OptimizerCatalog.DefaultLearningRate(settings.Optimizer);
        context.Styled($"AutoDiff train: {spec.Describe()}, {model.ParameterCount:N0} parameters, on {data.Name} ({data.TrainCount:N0} training examples); {settings.Optimizer} lr {lr.ToString(CultureInfo.InvariantCulture)}, {settings.Schedule} schedule, batch {settings.BatchSize}, epochs {startEpoch + 1}..{settings.Epochs}", "bold");
        var setup = new TrainingSetup
        {
            Parameters = model.Parameters(),
            Logits = model.Forward,
            Module = model,
            Train = data.Loader(settings.BatchSize, spec.TakesImages, settings.Seed),
            Monitor = data.Monitor(spec.TakesImages, 1000),
            Validation = data.Validation(spec.TakesImages),
            Optimizer = settings.Optimizer,
            LearningRate = lr,
            Schedule = settings.Schedule,
            Epochs = settings.Epochs,
            StartEpoch = startEpoch,
            Averaging = settings.Averaging,
            ClipNorm = settings.ClipNorm,
            EvaluateEvery = settings.EvaluateEvery,
        };
        var result = LiveProgress.Run(context, "training", progress => Trainer.Run(setup, progress, context.Cancellation));
        var metadata = spec.ToMetadata();
        metadata["epoch"] = result.EpochsCompleted.ToString(CultureInfo.InvariantCulture);
        metadata["optimizer"] = settings.Optimizer;
        metadata["lr"] = lr.ToString("R", CultureInfo.InvariantCulture);
        if (!result.Diverged)
        {
            Checkpoint.Save(model, checkpointPath, metadata);
        }

        var last = result.Curve.Count > 0 ? result.Curve[^1] : null;
        var outcome = result.Diverged ? "DIVERGED (loss became NaN or infinite; no checkpoint written)"
            : result.Interrupted ? $"interrupted after {result.EpochsCompleted} complete epochs; resume with --resume {checkpointPath}"
            : $"finished {result.EpochsCompleted} epochs";
        context.Line($"{outcome}: {result.Steps} steps in {result.Seconds:F1} s" + (last is null ? string.Empty : $", validation accuracy {last.ValidationAccuracy.ToString("P2", CultureInfo.InvariantCulture)}, validation loss {last.ValidationLoss:F4}"));

        var report = new Report($"AutoDiff train: {spec.Describe()} on {data.Name}");
        report.Summary.Add($"Model: {spec.Describe()}, {model.ParameterCount:N0} parameters, seed {settings.Seed}.");
        report.Summary.Add($"Data: {data.Name}, {data.TrainCount:N0} training examples; monitor loss on the first 1,000, validation on the held-out set.");
        report.Summary.Add($"Optimizer: {settings.Optimizer}, learning rate {lr.ToString(CultureInfo.InvariantCulture)} ({settings.Schedule}), batch {settings.BatchSize}, averaging {settings.Averaging}, clip-norm {(settings.ClipNorm > 0 ? settings.ClipNorm.ToString(CultureInfo.InvariantCulture) : "off")}.");
        report.Summary.Add($"Outcome: {outcome}; {result.Steps} steps in {result.Seconds:F1} s.");
        if (result.Curve.Count > 0)
        {
            StandardSections.TrainingCurve(report, result.Curve, "Monitor loss: the first 1,000 training examples, evaluated in eval mode (never the current batch). Validation: the held-out set.");
            StandardSections.Optimisation(report, result.Curve);
            CurveFiles.Write(result.Curve, folder);
        }

        var files = new ReportTable("files", "file", "what");
        files.Row(Path.GetFileName(checkpointPath), result.Diverged ? "not written (diverged)" : "safetensors checkpoint with the model spec, epoch and optimizer in its metadata (--resume, probe --checkpoint)");
        files.Row("curve.csv, curve.json", string.Join(", ", CurveFiles.Columns));
        report.Section("files", "Files").Table(files);
        ReportWriter.Write(report, folder);
        context.Styled($"report: {Path.Combine(folder, ReportWriter.HtmlFile)}; checkpoint: {checkpointPath}", result.Diverged || result.Interrupted ? "red" : "green");
        return result.Diverged || result.Interrupted ? ExitCodes.Failure : ExitCodes.Success;
    }
}
