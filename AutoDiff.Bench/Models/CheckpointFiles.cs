using AutoDiff.Bench.Cli;
using AutoDiff.Bench.Reporting;
using System.Text.Json;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Models;

/// <summary>
/// A training checkpoint folder: the library trainer's files (model.safetensors, optimizer.safetensors, trainer.json)
/// and <c>model.json</c>, the spec that rebuilds the model. Missing or unfitting files become usage errors that name
/// the file or the tensor.
/// </summary>
public static class CheckpointFiles
{
    /// <summary>The spec file's name.</summary>
    public const string SpecFile = "model.json";

    /// <summary>The weights file's name (written by the library's trainer).</summary>
    public const string ModelFile = "model.safetensors";

    /// <summary>The folder of <paramref name="path"/>: itself when it is a folder, else the folder of the file.</summary>
    public static string Folder(string path) => Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;

    /// <summary>Writes the spec, and the training settings a resumed run must reuse, into <paramref name="folder"/>.</summary>
    public static void WriteSpec(string folder, ModelSpec spec, IReadOnlyDictionary<string, string> training)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(training);
        Directory.CreateDirectory(folder);
        var all = spec.ToMetadata();
        foreach (var (key, value) in training)
        {
            all[key] = value;
        }

        AtomicFile.WriteAllText(Path.Combine(folder, SpecFile), JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Every entry of the checkpoint's <c>model.json</c> (the spec and the training settings).</summary>
    public static Dictionary<string, string> ReadSettings(string path)
    {
        ReadSpec(path);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Folder(path), SpecFile))) ?? [];
    }

    /// <summary>The spec of the checkpoint at <paramref name="path"/> (a folder, or a file in it).</summary>
    public static ModelSpec ReadSpec(string path)
    {
        var folder = Folder(path);
        var spec = Path.Combine(folder, SpecFile);
        if (!File.Exists(spec) || !File.Exists(Path.Combine(folder, ModelFile)))
        {
            throw new UsageException($"checkpoint '{path}' not found: expected a folder written by 'autodiff train' (default autodiff-out/checkpoint) holding {SpecFile} and {ModelFile}.");
        }

        return ModelSpec.FromJson(File.ReadAllText(spec), spec);
    }

    /// <summary>How many epochs the trainer's state in <paramref name="folder"/> has done (0 when it has none).</summary>
    public static int EpochsDone(string folder)
    {
        var state = Path.Combine(folder, "trainer.json");
        if (!File.Exists(state))
        {
            return 0;
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(state));
        return json.RootElement.TryGetProperty("epoch", out var epoch) ? epoch.GetInt32() : 0;
    }

    /// <summary>Loads the weights of the checkpoint at <paramref name="path"/> into <paramref name="model"/>; a tensor that does not fit is named.</summary>
    public static void Load(Module model, string path)
    {
        try
        {
            Checkpoint.Load(model, Path.Combine(Folder(path), ModelFile));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"checkpoint does not fit the model: {e.Message}", e);
        }
    }
}
