namespace AutoDiff.Bench.Suite;

/// <summary>One problem of the optimizer benchmark suite: a loss over a flat parameter vector, a start and a target.</summary>
public sealed class SuiteProblem
{
    /// <summary>The short name used by <c>--problems</c>, e.g. <c>quadratic-k1e3-rotated</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the problem is, for the report.</summary>
    public required string Description { get; init; }

    /// <summary>The starting point (a fresh tensor each call).</summary>
    public required Func<Tensor> Initial { get; init; }

    /// <summary>The loss the optimizer sees at step t (a mini-batch for data problems, the full loss otherwise).</summary>
    public required Func<Tensor, long, Tensor> StepLoss { get; init; }

    /// <summary>The full loss, evaluated for the curve and the target.</summary>
    public required Func<Tensor, Tensor> FullLoss { get; init; }

    /// <summary>The minimum value when it is known exactly (quadratics, Rosenbrock, least squares), otherwise null.</summary>
    public double? Optimum { get; init; }

    /// <summary>Optimizer steps per run.</summary>
    public required int Steps { get; init; }

    /// <summary>Evaluate the full loss every this many steps.</summary>
    public int EvaluateEvery { get; init; } = 1;

    /// <summary>Whether the problem needs Fashion-MNIST.</summary>
    public bool NeedsFashionMnist { get; init; }
}
