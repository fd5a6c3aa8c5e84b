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
        return ReadEntries(Path.Combine(Folder(path), SpecFile));
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

        return ModelSpec.FromMetadata(ReadEntries(spec), spec);
    }

    /// <summary>The string entries of a <c>model.json</c>; a file that is not such a JSON object is a usage error naming it.</summary>
    private static Dictionary<string, string> ReadEntries(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new UsageException($"checkpoint file '{file}' is not a JSON object of strings as 'autodiff train' writes ({e.Message}); train again or point at another checkpoint.", e);
        }
    }

    /// <summary>How many epochs the trainer's state in <paramref name="folder"/> has done (0 when it has none).</summary>
    public static int EpochsDone(string folder)
    {
        var state = Path.Combine(folder, "trainer.json");
        if (!File.Exists(state))
        {
            return 0;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(state));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("epoch", out var epoch)
                ? epoch.GetInt32()
                : throw new JsonException("no \"epoch\" number");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"checkpoint file '{state}' is not a trainer state as 'autodiff train' writes ({e.Message}); train again or point --resume at another checkpoint.", e);
        }
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
