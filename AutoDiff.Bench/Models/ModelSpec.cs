using System.Globalization;
using AutoDiff.Bench.Cli;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Models;

/// <summary>
/// The model a command builds, from options or from a checkpoint's metadata: an MLP with hidden widths and an
/// activation, or a small CNN, for a data set with an input width (or image) and a class count.
/// </summary>
/// <param name="Kind">mlp or cnn.</param>
/// <param name="Hidden">The MLP's hidden widths (the CNN's channel counts).</param>
/// <param name="Activation">The hidden activation.</param>
/// <param name="Dataset">The data set's name.</param>
/// <param name="Inputs">Input features per example.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Seed">The initialisation seed.</param>
public sealed record ModelSpec(string Kind, int[] Hidden, Activation Activation, string Dataset, int Inputs, int Classes, ulong Seed)
{
    /// <summary>The model kinds accepted by <c>--model</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["mlp", "cnn"];

    /// <summary>The activations accepted by <c>--activation</c>.</summary>
    public static IReadOnlyList<string> Activations { get; } = Enum.GetNames<Activation>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary>The CNN's two channel counts (32 and 64, the library's Fashion-MNIST recipe, unless <see cref="Hidden"/> gives them).</summary>
    public (int First, int Second) Channels => (Hidden.Length > 0 ? Hidden[0] : 32, Hidden.Length > 1 ? Hidden[1] : 64);

    /// <summary>Whether the model takes images [N, 1, H, W] rather than flat features.</summary>
    public bool TakesImages => Kind == "cnn";

    /// <summary>A readable description, e.g. "MLP 784-256-10 (relu)".</summary>
    public string Describe() => Kind == "cnn"
        ? $"CNN conv{Channels.First}-pool-conv{Channels.Second}-pool-128-{Classes} ({Activation.ToString().ToLowerInvariant()})"
        : $"MLP {string.Join('-', new[] { Inputs }.Concat(Hidden).Append(Classes))} ({Activation.ToString().ToLowerInvariant()})";

    /// <summary>Builds the model with seeded initialisation.</summary>
    public Module Build()
    {
        var rng = new Rng(Seed);
        if (Kind == "mlp")
        {
            return Mlp.Create([Inputs, .. Hidden, Classes], Activation, rng: rng);
        }

        var side = (int)Math.Round(Math.Sqrt(Inputs));
        if (side * side != Inputs || side % 4 != 0)
        {
            throw new UsageException($"--model cnn needs square images with a side divisible by 4; data set '{Dataset}' has {Inputs} features. Use --model mlp.");
        }

        var (c1, c2) = Channels;
        // The layout of the library's Fashion-MNIST CNN recipe, with the channel counts as options.
        return new Sequential(
            new Conv2d(1, c1, kernelSize: 3, padding: 1, rng: rng.Fork()), Mlp.CreateActivation(Activation), new MaxPool2d(2),
            new Conv2d(c1, c2, kernelSize: 3, padding: 1, rng: rng.Fork()), Mlp.CreateActivation(Activation), new MaxPool2d(2),
            new Flatten(), new Linear(c2 * (side / 4) * (side / 4), 128, rng: rng.Fork()), Mlp.CreateActivation(Activation), new Linear(128, Classes, rng: rng.Fork()));
    }

    /// <summary>The spec as JSON (the <c>model.json</c> of a checkpoint folder).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(ToMetadata(), new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    /// <summary>The spec as checkpoint metadata.</summary>
    public Dictionary<string, string> ToMetadata() => new()
    {
        ["model"] = Kind,
        ["hidden"] = string.Join(',', Hidden),
        ["activation"] = Activation.ToString(),
        ["dataset"] = Dataset,
        ["inputs"] = Inputs.ToString(CultureInfo.InvariantCulture),
        ["classes"] = Classes.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the spec back from checkpoint metadata; throws <see cref="UsageException"/> naming what is missing.</summary>
    public static ModelSpec FromMetadata(IReadOnlyDictionary<string, string> metadata, string source)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string Get(string key) => metadata.TryGetValue(key, out var v)
            ? v
            : throw new UsageException($"checkpoint '{source}' has no '{key}' in its metadata, so the model cannot be rebuilt; use a checkpoint written by 'autodiff train'.");
        if (!Kinds.Contains(Get("model")))
        {
            throw new UsageException($"checkpoint '{source}' names model '{Get("model")}'; allowed: {string.Join(", ", Kinds)}. Use a checkpoint written by 'autodiff train'.");
        }

        if (!ClassificationData.Names.Contains(Get("dataset")))
        {
            throw new UsageException($"checkpoint '{source}' names data set '{Get("dataset")}'; allowed: {string.Join(", ", ClassificationData.Names)}. Use a checkpoint written by 'autodiff train'.");
        }

        ModelSpec spec;
        try
        {
            spec = new ModelSpec(
                Get("model"),
                OptionRules.SplitList(Get("hidden")).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
                Enum.Parse<Activation>(Get("activation"), ignoreCase: true),
                Get("dataset"),
                int.Parse(Get("inputs"), CultureInfo.InvariantCulture),
                int.Parse(Get("classes"), CultureInfo.InvariantCulture),
                ulong.Parse(Get("seed"), CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new UsageException($"checkpoint '{source}' has a value that cannot be read ({e.Message}); use a checkpoint written by 'autodiff train'.", e);
        }

        if (spec.Hidden.Any(h => h <= 0) || spec.Inputs < 1 || spec.Classes < 2)
        {
            throw new UsageException($"checkpoint '{source}' has hidden sizes [{string.Join(", ", spec.Hidden)}], {spec.Inputs} inputs and {spec.Classes} classes; " +
                "sizes must be positive and classes at least 2. Use a checkpoint written by 'autodiff train'.");
        }

        return spec;
    }
}
