using AutoDiff.Linalg;
using AutoDiff.Nn;

namespace AutoDiff.Optim;

/// <summary>
/// Curvature operators of a model's loss over a fixed data subset: the Hessian and the generalised Gauss-Newton
/// matrix, usable by <see cref="Lanczos"/>, <see cref="TraceEstimator"/>, <see cref="SpectralDensity"/>,
/// <see cref="Curvature.Summarize"/> and the second-order optimizers.
/// </summary>
/// <remarks>
/// The subset is cut once into batches of <c>batchSize</c> rows (the last may be smaller); every application runs
/// the model on each batch in evaluation mode (batch norm uses its running statistics, dropout is off, so the
/// operator is a fixed matrix), restoring the model's mode afterwards, and accumulates the batch products in
/// float64 weighted by batch size. Products replay one linearisation per batch by default (see
/// <see cref="SubsetCurvatureOperator.Linearize"/> for its memory cost; set it to false for very large subsets), made
/// again when the model's parameters or buffers change. The flat parameter vector follows <see cref="Module.Parameters"/>: module by
/// module in registration order, each module's own parameters first (a Linear layer: weight [out, in] row-major,
/// then bias).
/// </remarks>
public static class ModelCurvature
{
    /// <summary>The Hessian of the mean softmax cross-entropy of <paramref name="model"/> on (<paramref name="inputs"/>, <paramref name="labels"/>).</summary>
    public static SubsetCurvatureOperator Hessian(Module model, Tensor inputs, int[] labels, int batchSize = 500)
        => Create(model, Batches(model, inputs, labels, batchSize), CurvatureKind.Hessian);

    /// <summary>The Gauss-Newton matrix Jᵀ·H_loss·J of the mean softmax cross-entropy (positive semi-definite).</summary>
    public static SubsetCurvatureOperator GaussNewton(Module model, Tensor inputs, int[] labels, int batchSize = 500)
        => Create(model, Batches(model, inputs, labels, batchSize), CurvatureKind.GaussNewton);

    /// <summary>The Hessian of the mean squared error of <paramref name="model"/> on (<paramref name="inputs"/>, <paramref name="targets"/>).</summary>
    public static SubsetCurvatureOperator Hessian(Module model, Tensor inputs, Tensor targets, int batchSize = 500)
        => Create(model, Batches(model, inputs, targets, batchSize), CurvatureKind.Hessian);

    /// <summary>The Gauss-Newton matrix of the mean squared error: 2/(elements)·JᵀJ.</summary>
    public static SubsetCurvatureOperator GaussNewton(Module model, Tensor inputs, Tensor targets, int batchSize = 500)
        => Create(model, Batches(model, inputs, targets, batchSize), CurvatureKind.GaussNewton);

    /// <summary>The operator of <paramref name="kind"/> over prepared batches, with the model in evaluation mode during each application.</summary>
    public static SubsetCurvatureOperator Create(Module model, IReadOnlyList<CurvatureBatch> batches, CurvatureKind kind)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new SubsetCurvatureOperator(model.Parameters(), batches, kind, () => EvalScope(model))
        {
            Watched = model.NamedBuffers().Select(b => b.Buffer).ToArray(),
        };
    }

    /// <summary>Cuts (<paramref name="inputs"/>, <paramref name="labels"/>) into batches for softmax cross-entropy.</summary>
    public static IReadOnlyList<CurvatureBatch> Batches(Module model, Tensor inputs, int[] labels, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckRows(inputs, labels.Length, batchSize);
        return Cut(inputs.Shape[0], batchSize)
            .Select(r => Batch(model, Rows(inputs, r.Start, r.Count), OutputLoss.SoftmaxCrossEntropy(labels[r.Start..(r.Start + r.Count)])))
            .ToArray();
    }

    /// <summary>Cuts (<paramref name="inputs"/>, <paramref name="targets"/>) into batches for mean squared error.</summary>
    public static IReadOnlyList<CurvatureBatch> Batches(Module model, Tensor inputs, Tensor targets, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(targets);
        CheckRows(inputs, targets.Rank == 0 ? -1 : targets.Shape[0], batchSize);
        return Cut(inputs.Shape[0], batchSize)
            .Select(r => Batch(model, Rows(inputs, r.Start, r.Count), OutputLoss.MeanSquaredError(Rows(targets, r.Start, r.Count))))
            .ToArray();
    }

    private static CurvatureBatch Batch(Module model, Tensor x, OutputLoss loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new CurvatureBatch(() => model.Call(x), loss);
    }

    private static void CheckRows(Tensor inputs, int rows, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Rank < 1 || inputs.Shape[0] != rows || rows == 0)
        {
            throw new ArgumentException($"ModelCurvature: the inputs have shape {inputs.Shape} but there are {rows} labels/targets; the first axis must match and be non-empty.");
        }
    }

    private static IEnumerable<(int Start, int Count)> Cut(int rows, int batchSize)
    {
        for (var start = 0; start < rows; start += batchSize)
        {
            yield return (start, Math.Min(batchSize, rows - start));
        }
    }

    private static Tensor Rows(Tensor x, int start, int count)
    {
        using var noGrad = Tape.NoGrad();
        return Ops.Slice(x.Detach(), 0, start, count).Clone();
    }

    private static IDisposable EvalScope(Module model)
    {
        var wasTraining = model.IsTraining;
        model.Eval();
        return new Restore(model, wasTraining);
    }

    private sealed class Restore(Module model, bool training) : IDisposable
    {
        public void Dispose() => model.Train(training);
    }
}
