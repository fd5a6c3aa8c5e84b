using AutoDiff.Checking;
using AutoDiff.Kernels;
using AutoDiff.Linalg;
using AutoDiff.Nn;

namespace AutoDiff.Tests;

/// <summary>The README's quickstart, verbatim, so it keeps compiling and keeps being true.</summary>
[Collection(nameof(GlobalStateCollection))]
public sealed class ReadmeTests
{
    [Fact]
    public void Quickstart_AsWritten_RunsAndChecksPass()
    {
        // Least squares f(w) = mean((Xw − t)²) on seeded random data, in float64.
        var X = Tensor.Randn(new Shape(100, 5), seed: 1, DType.Float64);
        var t = Tensor.Randn(new Shape(100), seed: 2, DType.Float64);
        Tensor f(Tensor w) => Ops.Mean(Ops.Square(Ops.Sub(Ops.MatMul(X, w), t)));

        var w = Tensor.Zeros(new Shape(5), DType.Float64);
        var v = Tensor.Randn(new Shape(5), seed: 3, DType.Float64);

        Tensor g = AD.Grad(f, w);
        Tensor hv = AD.Hvp(f, w, v);
        CheckReport check = GradCheck.Run(f, w);
        Assert.True(check.Passed, check.ToString());
        Assert.True(HvpCheck.Run(f, w, v).Passed);

        // Closed forms: ∇f(0) = −2Xᵀt/N and H·v = 2XᵀXv/N.
        var expectedG = Ops.Mul(Ops.MatMul(X, t, transA: true), -2.0 / 100);
        var expectedHv = Ops.Mul(Ops.MatMul(X, Ops.MatMul(X, v), transA: true), 2.0 / 100);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expectedG.GetFlat(i), g.GetFlat(i), 12);
            Assert.Equal(expectedHv.GetFlat(i), hv.GetFlat(i), 12);
        }

        var W = Tensor.Randn(new Shape(5, 1), seed: 4, DType.Float64);
        W.RequiresGrad = true;
        using (var tape = Tape.Record())
        {
            var loss = Ops.Mean(Ops.Square(Ops.Sub(Ops.MatMul(X, W), Ops.Reshape(t, 100, 1))));
            loss.Backward();
        }

        var expected = AD.Grad(w1 => Ops.Mean(Ops.Square(Ops.Sub(Ops.MatMul(X, w1), Ops.Reshape(t, 100, 1)))), W);
        Assert.NotNull(W.Grad);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expected.GetFlat(i), W.Grad!.GetFlat(i), 14);
        }
    }

    [Fact]
    public void HessianProbing_AsWritten_FindsTheLeastSquaresSpectrum()
    {
        var X = Tensor.Randn(new Shape(100, 5), seed: 1, DType.Float64);
        var t = Tensor.Randn(new Shape(100), seed: 2, DType.Float64);
        Tensor f(Tensor w) => Ops.Mean(Ops.Square(Ops.Sub(Ops.MatMul(X, w), t)));
        var w = Tensor.Zeros(new Shape(5), DType.Float64);

        var H = new HessianOperator(f, w);
        var top = Lanczos.Largest(H, k: 3);
        var bottom = Lanczos.Smallest(H, k: 1);
        var density = SpectralDensity.Estimate(H, steps: 30, probes: 4);

        // H = 2XᵀX/N: positive definite, so least squares is convex.
        Assert.True(bottom[0].Value > 0);
        Assert.True(top[0].Value >= top[1].Value && top[1].Value >= top[2].Value);
        Assert.All(top, p => Assert.True(p.Residual < 1e-10));
        // In 5 dimensions each probe's quadrature nodes are the 5 exact eigenvalues.
        Assert.Equal(1.0, density.Weights.Sum(), 12);
        Assert.Equal(top[0].Value, density.Nodes.Max(), 10);
        Assert.Equal(bottom[0].Value, density.Nodes.Min(), 10);
    }

    [Fact]
    public void MemoryAndThreads_AsWritten_ScopeReleasesResultsAndKeepsValues()
    {
        var model = Mlp.Create([4, 8, 3], Activation.ReLU, rng: new Rng(1));
        var x = Tensor.Randn(new Shape(16, 4), seed: 2);
        var labels = Enumerable.Range(0, 16).Select(i => i % 3).ToArray();
        Tensor logits;
        double accuracy;
        using (BufferScope.Begin())
        {
            logits = model.Forward(x);
            accuracy = Losses.Accuracy(logits, labels);
        }

        Assert.InRange(accuracy, 0, 1);
        Assert.True(logits.IsReleased);
        Assert.Throws<InvalidOperationException>(() => logits.ToArray());

        var saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            Assert.Equal(accuracy, Losses.Accuracy(model.Forward(x), labels));
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
