using AutoDiff.Bench.Cli;
using AutoDiff.Nn;
using AutoDiff.Serialization;

namespace AutoDiff.Bench.Models;

/// <summary>Reads checkpoints for <c>--resume</c> and <c>probe</c>, turning a missing or unfitting file into a usage error that names the file or the tensor.</summary>
public static class CheckpointFiles
{
    /// <summary>The checkpoint's metadata.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"checkpoint '{path}' does not exist; pass a file written by 'autodiff train' (its default is autodiff-out/checkpoint.safetensors).");
        }

        try
        {
            return new Dictionary<string, string>(SafeTensors.Read(path).Metadata);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"checkpoint '{path}' is not a valid safetensors file: {e.Message}", e);
        }
    }

    /// <summary>Loads the weights into <paramref name="model"/>; a tensor that does not fit is named in the message.</summary>
    public static void Load(Module model, string path)
    {
        try
        {
            Checkpoint.Load(model, path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"checkpoint does not fit the model: {e.Message}", e);
        }
    }
}
