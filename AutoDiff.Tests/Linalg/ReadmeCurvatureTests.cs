using AutoDiff.Linalg;
using AutoDiff.Nn;
using AutoDiff.Optim;

namespace AutoDiff.Tests.Linalg;

/// <summary>The README's curvature section, verbatim apart from the console output.</summary>
public sealed class ReadmeCurvatureTests
{
    [Fact]
    public void CurvatureSection_AsWritten_CertifiesAndSteps()
    {
        var model = Mlp.Create([10, 16, 3], Activation.Tanh, dtype: DType.Float64, rng: new Rng(1));
        var x = Tensor.Randn(new Shape(100, 10), seed: 2, DType.Float64);
        var labels = Enumerable.Range(0, 100).Select(i => i % 3).ToArray();

        var hessian = ModelCurvature.Hessian(model, x, labels, batchSize: 50);
        var summary = Curvature.Summarize(hessian, new CurvatureOptions { Top = 5, Bottom = 3, LearningRate = 0.1 });
        Assert.True(summary.Extremes.Converged);
        Assert.NotEmpty(summary.Reasons);

        var hf = new HessianFree(model.Parameters());
        var before = hessian.Value();
        hf.Step(() => model.Forward(x), OutputLoss.SoftmaxCrossEntropy(labels));
        Assert.True(hessian.Value() < before);
    }
}
