using AutoDiff.Optim;

namespace AutoDiff.Bench.Training;

/// <summary>
/// The library's first-order optimizers by name, each with the learning rate the commands use when none is given;
/// an optimizer is its recipe of gradient transformations, with global-norm clipping put first when asked.
/// </summary>
public static class OptimizerCatalog
{
    private static readonly (string Name, double DefaultLr, Func<double, GradientTransformation[]> Recipe)[] s_entries =
    [
        ("sgd", 0.1, lr => Sgd.Recipe(lr)),
        ("momentum", 0.05, lr => Sgd.Recipe(lr, momentum: 0.9)),
        ("nesterov", 0.05, lr => Sgd.Recipe(lr, momentum: 0.9, nesterov: true)),
        ("rmsprop", 1e-3, lr => RmsProp.Recipe(lr)),
        ("adagrad", 1e-2, lr => Adagrad.Recipe(lr)),
        ("adam", 1e-3, lr => Adam.Recipe(lr)),
        ("adamw", 1e-3, lr => Adam.Recipe(lr, weightDecay: 1e-2, decoupled: true)),
        ("adamax", 2e-3, lr => Adamax.Recipe(lr)),
        ("nadam", 2e-3, lr => NAdam.Recipe(lr)),
        ("radam", 1e-3, lr => RAdam.Recipe(lr)),
    ];

    /// <summary>The names accepted by <c>--optimizer</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = s_entries.Select(e => e.Name).ToArray();

    /// <summary>The learning rate <paramref name="name"/> uses by default.</summary>
    public static double DefaultLearningRate(string name) => Find(name).DefaultLr;

    /// <summary>A new optimizer <paramref name="name"/> over <paramref name="parameters"/>; <paramref name="clipNorm"/> &gt; 0 clips the global gradient norm first.</summary>
    public static Optimizer Create(string name, IReadOnlyList<Tensor> parameters, double lr, double clipNorm = 0)
    {
        var recipe = Find(name).Recipe(lr);
        return new GradientChain(parameters, lr, clipNorm > 0 ? [new ClipByGlobalNorm(clipNorm), .. recipe] : recipe);
    }

    private static (string Name, double DefaultLr, Func<double, GradientTransformation[]> Recipe) Find(string name)
    {
        foreach (var entry in s_entries)
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown optimizer; allowed values: {string.Join(", ", s_entries.Select(x => x.Name))}.");
    }
}
