using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Models;
using AutoDiff.Bench.Reporting;
using AutoDiff.Bench.Training;
using AutoDiff.Optim;
using AutoDiff.Optim.Averaging;
using AutoDiff.Optim.Training;

namespace AutoDiff.Bench.Train;

/// <summary>
/// <c>autodiff train</c>: an MLP or CNN on Fashion-MNIST or a synthetic set, trained by the library's
/// <see cref="Trainer"/> with a chosen optimizer, schedule, averaging and clipping; live progress; a checkpoint
/// folder (safetensors weights, optimizer state, trainer state, model spec), the curve as CSV and JSON, and the report.
/// </summary>
public static class TrainCommand
{
    /// <summary>Usage examples shown under <c>--help</c>.</summary>
    public static string[] Examples { get; } =
    [
        "autodiff train                       # the reference run: MLP 784-256-256-10, Adam 1e-3 cosine, batch 128, 10 epochs",
        "autodiff train --model cnn --epochs 8                  # the reference CNN (conv32-conv64-128)",
        "autodiff train --hidden 512,256 --activation gelu --optimizer nadam --average ema --clip-norm 5",
        "autodiff train --dataset spirals --hidden 32,32 --activation tanh --epochs 50 --lr 0.01",
        "autodiff train --resume autodiff-out/checkpoint --epochs 12       # continue (after Ctrl+C: from the step it stopped) to epoch 12",
    ];

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var o = new TrainOptions();
        var command = new Command("train", "Train an MLP or CNN with live progress; writes a checkpoint folder, the curve (CSV, JSON) and the report; --resume continues");
        o.AddTo(command);
        command.SetAction(parse => Run(context, o.Read(parse)));
        return command;
    }

    private static int Run(CliContext context, TrainSettings settings)
    {
        var folder = OutputFolder.Prepare(settings.Out);
        ModelSpec spec;
        string checkpoint;
        var done = 0;
        if (settings.Resume is not null)
        {
            spec = CheckpointFiles.ReadSpec(settings.Resume);
            checkpoint = CheckpointFiles.Folder(settings.Resume);
            settings = settings.WithSaved(CheckpointFiles.ReadSettings(settings.Resume));
            done = CheckpointFiles.EpochsDone(checkpoint);
            if (done >= settings.Epochs)
            {
                throw new UsageException($"--resume '{settings.Resume}' has already trained {done} epochs; pass --epochs greater than {done} to continue.");
            }
        }
        else
        {
            spec = new ModelSpec(settings.Model, settings.Hidden, settings.Activation, settings.Dataset, 0, 0, settings.Seed);
            checkpoint = Path.GetFullPath(settings.Checkpoint ?? Path.Combine(folder, "checkpoint"));
        }

        var data = ClassificationData.Load(spec.Dataset, settings.DataDirectory, settings.Limit, spec.Seed);
        spec = spec with { Inputs = data.Inputs, Classes = data.Classes };
        var model = spec.Build();
        if (settings.Resume is not null)
        {
            CheckpointFiles.Load(model, settings.Resume);
        }
        else
        {
            CheckpointFiles.WriteSpec(checkpoint, spec, settings.ToSaved());
        }

        var lr = settings.LearningRate ?? OptimizerCatalog.DefaultLearningRate(settings.Optimizer);
        var loader = data.Loader(settings.BatchSize, spec.TakesImages, settings.Seed);
        var totalSteps = (long)settings.Epochs * loader.BatchCount;
        var optimizer = OptimizerCatalog.Create(settings.Optimizer, model.Parameters(), lr, settings.ClipNorm);
        var averager = settings.Averaging switch
        {
            "ema" => IterateAverager.Ema(model.Parameters(), 0.999),
            "polyak" => IterateAverager.Polyak(model.Parameters(), startStep: totalSteps / 2),
            _ => null,
        };
        var status = new TrainStatus();
        Action<long, string>? live = null;
        var trainer = new Trainer(model, optimizer, new TrainerOptions
        {
            Epochs = settings.Epochs,
            RecordEvery = settings.EvaluateEvery,
            Schedule = ScheduleCatalog.Create(settings.Schedule, lr, totalSteps),
            Averager = averager,
            CheckpointDirectory = checkpoint,
            Resume = settings.Resume is not null,
            StepProgress = new SyncProgress<TrainingProgress>(p => live?.Invoke(p.Step, status.Line(p))),
        });
        var batch = settings.Resume is not null ? BatchesDone(checkpoint) : 0;
        var from = batch > 0 ? $"epoch {done + 1} from batch {batch + 1} of {loader.BatchCount}, to epoch {settings.Epochs}" : $"epochs {done + 1}..{settings.Epochs}";
        context.Styled($"AutoDiff train: {spec.Describe()}, {model.ParameterCount:N0} parameters, on {data.Name} ({data.TrainCount:N0} training, {data.ValidationCount:N0} validation examples); {settings.Optimizer} lr {lr.ToString(CultureInfo.InvariantCulture)}, {settings.Schedule} schedule, batch {settings.BatchSize}, {from}", "bold");

        var validation = data.Validation(spec.TakesImages);
        TrainingResult? result = null;
        var interrupted = false;
        try
        {
            result = LiveProgress.Run(context, "training", totalSteps, update =>
            {
                live = update;
                return trainer.Fit(
                    loader,
                    data.Monitor(spec.TakesImages, settings.MonitorCount, settings.Seed),
                    validation,
                    new SyncProgress<CurvePoint>(p =>
                    {
                        // A curve point (every --eval-every steps) refreshes the line's monitored loss and accuracy at once.
                        status.Remember(p);
                        if (status.LastStep is { } step)
                        {
                            update(step.Step, status.Line(step));
                        }
                    }),
                    context.Cancellation);
            });
        }
        catch (OperationCanceledException)
        {
            interrupted = true;
        }

        var curve = trainer.Curve.Points;
        var outcome = interrupted
            ? Interrupted(checkpoint, optimizer.StepCount, loader.BatchCount, settings.Epochs)
            : result!.Divergence is { } why ? $"DIVERGED: {why}" : $"finished {result.EpochsCompleted} epochs";
        var averaged = averager is not null && !interrupted && result!.Divergence is null ? Averaged(trainer, averager, validation) : ((double, double)?)null;
        var last = curve.Count > 0 ? curve[^1] : (CurvePoint?)null;
        context.Line(outcome + (last is { } l ? $": step {l.Step}, {l.Seconds:F1} s, validation accuracy {l.ValidationAccuracy.ToString("P2", CultureInfo.InvariantCulture)}, validation loss {l.ValidationLoss:F4}" : string.Empty)
            + (averaged is { } a ? $"; with {settings.Averaging} averaging: accuracy {a.Item2.ToString("P2", CultureInfo.InvariantCulture)}, loss {a.Item1:F4}" : string.Empty));

        var report = new Report($"AutoDiff train: {spec.Describe()} on {data.Name}");
        report.Summary.Add($"Model: {spec.Describe()}, {model.ParameterCount:N0} parameters, seed {spec.Seed}.");
        report.Summary.Add($"Data: {data.Name}{(data.Name == "fashion-mnist" ? " (standardised per pixel)" : string.Empty)}, {data.TrainCount:N0} training examples; monitor loss on a fixed subset of {Math.Min(settings.MonitorCount, data.TrainCount):N0}; validation on {data.ValidationCount:N0} held-out examples.");
        report.Summary.Add($"Optimizer: {settings.Optimizer}, learning rate {lr.ToString(CultureInfo.InvariantCulture)} ({settings.Schedule}), batch {settings.BatchSize}, averaging {settings.Averaging}, clip-norm {(settings.ClipNorm > 0 ? settings.ClipNorm.ToString(CultureInfo.InvariantCulture) : "off")}.");
        report.Summary.Add($"Outcome: {outcome}.");
        if (averaged is { } avg)
        {
            report.Summary.Add($"With the {settings.Averaging} average of the weights: validation accuracy {avg.Item2.ToString("P2", CultureInfo.InvariantCulture)}, loss {avg.Item1.ToString("F4", CultureInfo.InvariantCulture)}.");
        }

        if (curve.Count > 0)
        {
            StandardSections.TrainingCurve(report, curve, "Monitor loss: a fixed random subset of the training set, in evaluation mode (never the current batch). Validation: the held-out set.");
            StandardSections.Optimisation(report, curve);
            trainer.Curve.SaveCsv(Path.Combine(folder, "curve.csv"));
            trainer.Curve.SaveJson(Path.Combine(folder, "curve.json"));
        }

        var files = new ReportTable("files", "file", "what");
        files.Row(checkpoint, "checkpoint folder: model.safetensors (weights), optimizer.safetensors, trainer.json (epoch and batch, schedule, dropout generators, curve), model.json (the model spec); --resume and probe --checkpoint take it");
        files.Row("curve.csv, curve.json", "step, epoch, learning_rate, gradient_norm, update_ratio, monitor_loss, monitor_accuracy, validation_loss, validation_accuracy, seconds");
        report.Section("files", "Files").Table(files);
        ReportWriter.Write(report, folder);
        var failed = interrupted || result!.Divergence is not null;
        context.Styled($"report: {Path.Combine(folder, ReportWriter.HtmlFile)}; checkpoint: {checkpoint}", failed ? "red" : "green");
        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>What an interrupted run says: the trainer saved the exact step it stopped at, and how to continue.</summary>
    private static string Interrupted(string checkpoint, long step, int batches, int epochs)
    {
        var batch = BatchesDone(checkpoint);
        var epoch = CheckpointFiles.EpochsDone(checkpoint);
        var where = batch > 0 ? $"in epoch {epoch + 1} after batch {batch} of {batches}" : $"after {epoch} complete epochs";
        return $"interrupted at step {step} ({where}); the checkpoint holds that exact step: --resume {checkpoint} --epochs {epochs} continues as if never stopped";
    }

    /// <summary>The batches of the unfinished epoch that the checkpoint's trainer state has done (0 at an epoch's end or without a state).</summary>
    private static int BatchesDone(string checkpoint)
    {
        var state = Path.Combine(checkpoint, "trainer.json");
        if (!File.Exists(state))
        {
            return 0;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(state));
        return json.RootElement.TryGetProperty("batch", out var batch) ? batch.GetInt32() : 0;
    }

    private static (double Loss, double Accuracy) Averaged(Trainer trainer, IterateAverager averager, Data.DataLoader validation)
    {
        using (averager.Swap())
        {
            return trainer.Evaluate(validation);
        }
    }
}
