using System.Diagnostics;
using System.Globalization;
using AutoDiff.Data;
using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Bench.Perf;

/// <summary>
/// Hessian probing of MLP 784-256-256-10 (ReLU, float64, softmax cross-entropy) over a fixed subset of 1,000
/// Fashion-MNIST training images (random images where the dataset is not installed): the Hessian-vector product
/// over the subset against the gradient over it (in alternation; target HVP/gradient ≤ 1.1 × the FLOP-bound ratio,
/// <see cref="HvpFlopRatio"/>), the product of the operator's default linearisation against the same gradient (target ≤ 1.4), and the
/// time to the top 5 eigenvalues certified to residual 1e-10·λmax by Lanczos on the linearised operator, against the
/// time of the products it took.
/// </summary>
public static class HessianProbeWorkload
{
    private const int Examples = 1000;
    private const int BatchSize = 250;
    /// <summary>FLOPs of a forward-over-reverse HVP over those of the gradient for MLP 784-256-256-10 (2.337).</summary>
    internal static readonly double FlopBoundRatio = HvpFlopRatio([784, 256, 256, 10]);

    // libtorch reusing its first-order graph pays 1.45–1.68 gradients per product; the tangent FLOPs alone are ~1.34.
    private const double MaxLinearizedRatio = 1.4;

    /// <summary>
    /// The matrix-product FLOPs of a forward-over-reverse HVP over those of the gradient, for an MLP with these layer
    /// sizes and data inputs (no tangent on x). Per layer of in·out multiply-adds, the gradient costs the forward
    /// product, the weight gradient and (past the first layer) the input gradient; the HVP adds their tangents, two
    /// products each (Ẇ·h + W·ḣ and so on), except the first layer's forward and weight-gradient tangents, one each.
    /// MLP 784-256-256-10 gives 2.337 (issue 10 quotes "about 2.3").
    /// </summary>
    internal static double HvpFlopRatio(int[] sizes)
    {
        double gradient = 0;
        double tangent = 0;
        for (int layer = 0; layer + 1 < sizes.Length; layer++)
        {
            double product = (double)sizes[layer] * sizes[layer + 1];
            bool first = layer == 0;
            gradient += first ? 2 * product : 3 * product;
            tangent += first ? 2 * product : 6 * product;
        }

        return (gradient + tangent) / gradient;
    }

    /// <summary>Measures both figures.</summary>
    public static IEnumerable<PerfRecord> Run(PerfSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (x, labels, source) = Subset();
        var model = Mlp.Create([784, 256, 256, 10], Activation.ReLU, dtype: DType.Float64, rng: new Rng(12));
        var op = ModelCurvature.Hessian(model, x, labels, BatchSize);
        var plain = ModelCurvature.Hessian(model, x, labels, BatchSize);
        plain.Linearize = false;
        var rng = new Rng(13);
        var v = Enumerable.Range(0, op.Dimension).Select(_ => rng.Normal()).ToArray();
        var hv = new double[op.Dimension];
        var g = new double[op.Dimension];
        void Hvp() => plain.Apply(v, hv);
        void Linearized() => op.Apply(v, hv);
        void Grad() => op.ValueAndGradient(g);

        var name = $"HVP over {Examples} {source} images, MLP 784-256-256-10 f64 (limit gradient over them; ratio HVP/grad)";
        var maxRatio = 1.1 * FlopBoundRatio;
        yield return Ratio(settings, name, Grad, Hvp, maxRatio, out _);

        // The operator's default: one linearisation per batch, recorded by the first product, then tangent work only.
        Linearized();
        var linearizedName = $"HVP per product of the linearised operator, same {Examples} images (limit gradient over them)";
        yield return Ratio(settings, linearizedName, Grad, Linearized, MaxLinearizedRatio, out var linearizedMs);

        yield return OperatorOverhead(settings);

        // One converging Lanczos run (quick: a looser tolerance), timed whole, against (steps + 5) HVPs.
        var tolerance = settings.Quick ? 1e-6 : 1e-10;
        var clock = Stopwatch.StartNew();
        op.Dispose();
        var top = Lanczos.Extremes(op, 5, 0, new LanczosOptions { Tolerance = tolerance, Seed = 14 });
        var seconds = clock.Elapsed.TotalSeconds;
        var hvpSeconds = (top.Steps + 5) * linearizedMs / 1e3;
        yield return new PerfRecord(
            string.Create(CultureInfo.InvariantCulture, $"top-5 eigenvalues to residual {tolerance:0e0}·λmax (linearised operator, recording included): {top.Steps} steps, {(top.Converged ? "converged" : "NOT converged")}, λmax {top.Largest[0].Value:G6}, worst residual {top.WorstResidual:0.0e0} (limit: its products alone)"),
            seconds,
            "s",
            hvpSeconds,
            hvpSeconds / seconds,
            null,
            null);
    }

    private static PerfRecord Ratio(PerfSettings settings, string name, Action grad, Action hvp, double maxRatio, out double hvpMs)
    {
        var gradIterations = Measure.Calibrate(grad, settings.RepSeconds);
        var hvpIterations = Measure.Calibrate(hvp, settings.RepSeconds);
        var (gradMs, ms) = Measure.Interleaved(
            name,
            settings,
            () => Measure.Seconds(grad, gradIterations) * 1e3,
            () => Measure.Seconds(hvp, hvpIterations) * 1e3);
        hvpMs = ms;
        var ratio = ms / gradMs;
        return new PerfRecord(name, ms, "ms", gradMs, ratio, string.Create(CultureInfo.InvariantCulture, $"ratio <= {maxRatio:0.00}"), ratio <= maxRatio);
    }

    // HessianOperator.Apply on a small network as a function of one flat θ (643 parameters: MLP 16-32-3, batch 64)
    // against AD.Hvp into a fresh result: the operator's copies in and out must cost next to nothing.
    private static PerfRecord OperatorOverhead(PerfSettings settings)
    {
        var rng = new Rng(15);
        var x = Tensor.Randn(new Shape(64, 16), rng, dtype: DType.Float64);
        var labels = Enumerable.Range(0, 64).Select(_ => rng.NextInt(3)).ToArray();
        Tensor F(Tensor t)
        {
            var w1 = Ops.Reshape(Ops.Slice(t, 0, 0, 512), 16, 32);
            var b1 = Ops.Slice(t, 0, 512, 32);
            var w2 = Ops.Reshape(Ops.Slice(t, 0, 544, 96), 32, 3);
            var b2 = Ops.Slice(t, 0, 640, 3);
            return Losses.SoftmaxCrossEntropy(Ops.Add(Ops.MatMul(Ops.Tanh(Ops.Add(Ops.MatMul(x, w1), b1)), w2), b2), labels);
        }

        var theta = Tensor.Randn(new Shape(643), rng, 0, 0.3, DType.Float64);
        var vTensor = Tensor.Randn(new Shape(643), rng, dtype: DType.Float64);
        var v = vTensor.ToArray();
        var hv = new double[643];
        var op = new HessianOperator(F, theta) { Linearize = false };
        void Apply() => op.Apply(v, hv);
        void Direct() => AD.Hvp(F, theta, vTensor);
        var name = "HessianOperator.Apply, MLP 16-32-3 as f(θ), 643 parameters (limit AD.Hvp alone; ratio limit/figure)";
        var applyIterations = Measure.Calibrate(Apply, settings.RepSeconds);
        var directIterations = Measure.Calibrate(Direct, settings.RepSeconds);
        var (directUs, applyUs) = Measure.Interleaved(
            name,
            settings,
            () => Measure.Seconds(Direct, directIterations) * 1e6,
            () => Measure.Seconds(Apply, applyIterations) * 1e6);
        return PerfRecord.Time(name, applyUs, "µs", directUs, 0.9);
    }

    private static (Tensor X, int[] Labels, string Source) Subset()
    {
        if (FashionMnist.IsAvailable())
        {
            var data = FashionMnist.Load();
            var pixels = data.TrainImages.AsSpan(0, Examples * FashionMnistData.PixelsPerImage).ToArray().Select(p => (double)p).ToArray();
            return (Tensor.FromArray(pixels, new Shape(Examples, FashionMnistData.PixelsPerImage)), data.TrainLabels[..Examples], "Fashion-MNIST");
        }

        var rng = new Rng(11);
        return (Tensor.Rand(new Shape(Examples, 784), rng, 0, 1, DType.Float64), Enumerable.Range(0, Examples).Select(_ => rng.NextInt(10)).ToArray(), "random");
    }
}
