using System.Globalization;
using System.Text;
using AutoDiff.Data;
using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;
using Xunit.Abstractions;

namespace AutoDiff.Tests.Linalg;

/// <summary>
/// The reproduction of the Hessian spectrum of an MLP on Fashion-MNIST (Sagun et al. 2017; Papyan 2019; Ghorbani
/// et al. 2019: a bulk near zero and about C = 10 outliers after training), at initialisation and after training.
/// Long (minutes): it runs only with AUTODIFF_LONG=1 and the dataset installed, e.g.
/// <c>AUTODIFF_LONG=1 dotnet test AutoDiff.Tests -c Release --filter FashionMnistSpectrumTests</c>;
/// the report goes to the test output and to AUTODIFF_PROBE_REPORT (default <c>fashion-mnist-spectrum.md</c> in the temp folder).
/// </summary>
public sealed class FashionMnistSpectrumTests(ITestOutputHelper output)
{
    private const int Hidden = 64;
    private const int Subset = 1000;
    private const int Epochs = 3;

    [LongFashionMnistFact]
    public void Spectrum_InitialisedAndTrainedMlp_ReportsTop20GapLambdaMinAndDensity()
    {
        var data = FashionMnist.Load();
        var model = Mlp.Create([784, Hidden, 10], Activation.ReLU, dtype: DType.Float64, rng: new Rng(1));
        var pixels = data.TrainImages.AsSpan(0, Subset * 784).ToArray().Select(p => (double)p).ToArray();
        var x = Tensor.FromArray(pixels, new Shape(Subset, 784));
        var labels = data.TrainLabels[..Subset];
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Hessian spectrum, MLP 784-{Hidden}-10 (ReLU, float64), softmax cross-entropy on the first {Subset} Fashion-MNIST training images");
        report.AppendLine();
        Probe("at initialisation", model, x, labels, report);

        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        var loader = new DataLoader(data.Train, batchSize: 128, shuffle: true, seed: 2, dtype: DType.Float64);
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            foreach (var (xb, yb) in loader)
            {
                using var tape = Tape.Record();
                Losses.SoftmaxCrossEntropy(model.Forward(xb), yb).Backward();
                optimizer.Step();
                optimizer.ZeroGrad();
            }
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Trained {Epochs} epochs on all {data.TrainCount} training images with Adam (lr 1e-3, batch 128); test accuracy {Accuracy(model, data):P2}.");
        report.AppendLine();
        var trained = Probe("after training", model, x, labels, report);

        var text = report.ToString();
        output.WriteLine(text);
        var path = Environment.GetEnvironmentVariable("AUTODIFF_PROBE_REPORT") ?? Path.Combine(Path.GetTempPath(), "fashion-mnist-spectrum.md");
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);

        Assert.True(trained.Extremes.Converged);
        Assert.True(trained.LambdaMax > 0);
    }

    private static CurvatureSummary Probe(string when, Module model, Tensor x, int[] labels, StringBuilder report)
    {
        var op = ModelCurvature.Hessian(model, x, labels, batchSize: 500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var s = Curvature.Summarize(op, new CurvatureOptions { Top = 20, Bottom = 5, Tolerance = 1e-8, MaxSteps = 400, DensityProbes = 8, DensitySteps = 80, DensityPoints = 120, TraceSamples = 30, LearningRate = 1e-3, Seed = 3 });
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"## {when}: loss {op.Value():F4}, n = {op.Dimension} parameters, {s.Applications} HVPs over the subset, {clock.Elapsed.TotalSeconds:F1} s");
        report.AppendLine();
        report.AppendLine(inv, $"Lanczos: {s.Extremes.Steps} steps, {(s.Extremes.Converged ? "converged" : "NOT converged")}, residual tolerance {s.Extremes.Tolerance:G3}. Verdict: {s.Verdict}.");
        report.AppendLine();
        report.AppendLine("| i | λ_i | residual ‖Hu − λu‖ | λ_i / λ_{i+1} |");
        report.AppendLine("|---|---|---|---|");
        for (var i = 0; i < s.Top.Count; i++)
        {
            var gap = i + 1 < s.Top.Count ? (s.Top[i].Value / s.Top[i + 1].Value).ToString("F3", inv) : "";
            report.AppendLine(inv, $"| {i + 1} | {s.Top[i].Value:G10} | {s.Top[i].Residual:0.0e0} | {gap} |");
        }

        var ratios = s.TopRatios;
        var widest = Enumerable.Range(0, ratios.Count).MaxBy(i => ratios[i]);
        report.AppendLine();
        report.AppendLine(inv, $"Largest gap among the top 20: between λ{widest + 1} = {s.Top[widest].Value:G6} and λ{widest + 2} = {s.Top[widest + 1].Value:G6} (ratio {ratios[widest]:F3}); λ10/λ11 = {ratios[9]:F3}.");
        report.AppendLine(inv, $"Bottom 5: {string.Join(", ", s.Bottom.Select(p => string.Create(inv, $"{p.Value:G6} (residual {p.Residual:0.0e0})")))}.");
        report.AppendLine(inv, $"λmin = {s.LambdaMin:G6}; λmax = {s.LambdaMax:G6}; |λmin|/λmax = {Math.Abs(s.LambdaMin) / s.LambdaMax:G3}; condition number {(s.ConditionNumber is { } c ? c.ToString("G4", inv) : "n/a (not positive definite)")}.");
        report.AppendLine(inv, $"SLQ: {s.NegativeFraction:P2} of eigenvalues below −1e-6·λmax (≈ {s.NegativeCount:F0}), negative share of Σ|λ| {s.NegativeMass:P2}; trace {s.Trace:G6} ± {s.TraceStandardError:G3} (Hutchinson, 30 samples).");
        report.AppendLine(inv, $"2/λmax = {s.LearningRateBound:G4} (Adam's lr 1e-3 is {(s.LearningRateStable == true ? "below" : "above")} it; the bound is for plain gradient descent).");
        foreach (var reason in s.Reasons)
        {
            report.AppendLine(inv, $"- {reason}");
        }

        report.AppendLine();
        report.AppendLine(inv, $"Density (Gaussian σ = {s.DensitySigma:G3}), λ: φ(λ)");
        report.AppendLine();
        report.AppendLine("```");
        for (var i = 0; i < s.DensityLambda.Count; i++)
        {
            report.AppendLine(inv, $"{s.DensityLambda[i]:G6} {s.DensityValues[i]:G6}");
        }

        report.AppendLine("```");
        report.AppendLine();
        return s;
    }

    private static double Accuracy(Module model, FashionMnistData data)
    {
        var correct = 0;
        var loader = new DataLoader(data.Test, batchSize: 1000, shuffle: false, dtype: DType.Float64);
        foreach (var (xb, yb) in loader)
        {
            using var tape = Tape.Record();
            using var noGrad = Tape.NoGrad();
            var logits = model.Forward(xb);
            for (var i = 0; i < yb.Length; i++)
            {
                var best = 0;
                for (var c = 1; c < 10; c++)
                {
                    if (logits[i, c] > logits[i, best])
                    {
                        best = c;
                    }
                }

                correct += best == yb[i] ? 1 : 0;
            }
        }

        return correct / (double)data.TestCount;
    }
}
