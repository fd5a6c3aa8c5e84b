using System.Diagnostics;
using AutoDiff.Checking;
using AutoDiff.Data;
using AutoDiff.Linalg;
using AutoDiff.Nn;

namespace AutoDiff.Bench.Demo;

/// <summary>
/// The default job: on built-in two-spirals data, checks the gradient and the Hessian-vector product of an MLP's
/// loss against finite differences, then probes the Hessian's largest eigenvalue and its curvature along −∇f.
/// </summary>
public static class DemoCommand
{
    public static int Run(string[] args)
    {
        _ = args;
        var data = SyntheticData.TwoSpirals(256, seed: 7);
        var x = Tensor.FromArray(data.Features, new Shape(data.Count, data.FeatureCount));
        var labels = data.Labels!;
        var mlp = new FlatMlp(2, 32, 32, 2);
        var theta = mlp.Initial(seed: 1);
        Tensor Loss(Tensor t) => Losses.SoftmaxCrossEntropy(mlp.Forward(t, x), labels);

        Console.WriteLine($"AutoDiff demo: MLP 2-32-32-2 (tanh), softmax cross-entropy, {data.Count} two-spirals points, {mlp.ParameterCount} parameters, float64");
        var (loss, grad) = AD.ValueAndGrad(Loss, theta);
        Console.WriteLine($"  loss {loss.Item():F6}, |grad| {Norm(grad):G6}");

        var sw = Stopwatch.StartNew();
        var gradReport = GradCheck.Run(Loss, theta);
        Console.WriteLine($"  [{sw.Elapsed.TotalSeconds:F1}s] {gradReport}");

        var v = Tensor.Randn(theta.Shape, seed: 3, DType.Float64);
        sw.Restart();
        var hvpReport = HvpCheck.Run(Loss, theta, v);
        Console.WriteLine($"  [{sw.Elapsed.TotalSeconds:F1}s] {hvpReport}");

        // Lanczos on the HVP operator: the extreme curvatures, and the step size where GD turns unstable.
        sw.Restart();
        var hessian = new HessianOperator(Loss, theta);
        var lanczos = Lanczos.Run(hessian, steps: 40, seed: 5);
        var top = Enumerable.Range(1, 3).Select(i => lanczos.Pair(lanczos.Steps - i, hessian)).ToArray();
        var bottom = lanczos.Pair(0, hessian);
        Console.WriteLine($"  [{sw.Elapsed.TotalSeconds:F1}s] Hessian spectrum by Lanczos ({hessian.Applications} HVPs, full reorthogonalisation):");
        foreach (var pair in top)
        {
            Console.WriteLine($"      λ = {pair.Value,12:G6}   residual ‖Hu − λu‖ = {pair.Residual:G2}");
        }

        Console.WriteLine($"      λmin ≈ {bottom.Value:G6} (residual {bottom.Residual:G2}); {lanczos.RitzValues.Count(r => r < -1e-6 * top[0].Value)} of 40 Ritz values negative: {(bottom.Value < 0 ? "negative curvature, not a minimum" : "locally convex")}");
        Console.WriteLine($"      gradient descent on the local quadratic is stable for α < 2/λmax ≈ {2 / top[0].Value:G4}");
        var direction = Ops.Div(grad, Norm(grad));
        var curvature = FiniteDot(direction, AD.Hvp(Loss, theta, direction));
        Console.WriteLine($"  curvature along the gradient gᵀHg/|g|² = {curvature:G6}");

        var ok = gradReport.Passed && hvpReport.Passed;
        Console.WriteLine(ok ? "All checks passed." : "A check FAILED.");
        return ok ? 0 : 1;
    }

    private static double Norm(Tensor t) => Math.Sqrt(FiniteDot(t, t));

    private static double FiniteDot(Tensor a, Tensor b) => Ops.Dot(a, b).Item();
}
