namespace AutoDiff.Optim;

/// <summary>
/// An optimizer that re-evaluates the loss during a step: L-BFGS with its line search, Newton-CG and
/// Hessian-free optimisation. The closure computes the loss at the parameters' current values (the forward pass
/// only: the optimizer differentiates it with respect to <see cref="Parameters"/> itself, for gradients and
/// Hessian-vector products, as often as its method needs). It works over a flat float64 view of the parameters,
/// taken in the order of <see cref="Parameters"/>.
/// </summary>
public interface IClosureOptimizer
{
    /// <summary>The parameters this optimizer updates in place, in the order of its flat view.</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>How many steps have been taken.</summary>
    long StepCount { get; }

    /// <summary>
    /// Takes one step (which may evaluate <paramref name="loss"/> several times) and returns the loss at the
    /// parameters the step started from.
    /// </summary>
    double Step(Func<Tensor> loss);
}
