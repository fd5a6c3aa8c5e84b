using AutoDiff.Optim;

namespace AutoDiff.Bench.Training;

/// <summary>The optimizers the commands offer by name, each with the learning rate it uses when none is given.</summary>
public static class OptimizerCatalog
{
    private static readonly (string Name, double DefaultLr, Func<IReadOnlyList<Tensor>, double, Optimizer> Create)[] s_entries =
    [
        ("sgd", 0.1, (p, lr) => new Sgd(p, lr)),
        ("momentum", 0.05, (p, lr) => new Sgd(p, lr, momentum: 0.9)),
        ("nesterov", 0.05, (p, lr) => new Sgd(p, lr, momentum: 0.9, nesterov: true)),
        ("adam", 1e-3, (p, lr) => new Adam(p, lr)),
        ("adamw", 1e-3, (p, lr) => new Adam(p, lr, weightDecay: 1e-2, decoupled: true)),
    ];

    /// <summary>The names accepted by <c>--optimizer</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = s_entries.Select(e => e.Name).ToArray();

    /// <summary>The learning rate <paramref name="name"/> uses by default.</summary>
    public static double DefaultLearningRate(string name) => Find(name).DefaultLr;

    /// <summary>A new optimizer <paramref name="name"/> over <paramref name="parameters"/>.</summary>
    public static Optimizer Create(string name, IReadOnlyList<Tensor> parameters, double lr) => Find(name).Create(parameters, lr);

    private static (string Name, double DefaultLr, Func<IReadOnlyList<Tensor>, double, Optimizer> Create) Find(string name) =>
        s_entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } e
            ? e
            : throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown optimizer; allowed values: {string.Join(", ", s_entries.Select(x => x.Name))}.");
}
