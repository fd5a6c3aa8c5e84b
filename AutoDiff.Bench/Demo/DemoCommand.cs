using System.Diagnostics;
using AutoDiff.Checking;
using AutoDiff.Data;

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
        Tensor Loss(Tensor t) => FlatMlp.CrossEntropy(mlp.Forward(t, x), labels);

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

        // Power iteration on the HVP operator: the sharpest curvature, and the step size where GD turns unstable.
        var u = Ops.Div(v, Norm(v));
        var lambda = 0.0;
        for (var i = 0; i < 50; i++)
        {
            var hu = AD.Hvp(Loss, theta, u);
            lambda = FiniteDot(u, hu);
            u = Ops.Div(hu, Norm(hu));
        }

        Console.WriteLine($"  largest |Hessian eigenvalue| ≈ {lambda:G6} (power iteration, 50 HVPs): gradient descent is stable for α < 2/λ ≈ {2 / Math.Abs(lambda):G4}");
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
