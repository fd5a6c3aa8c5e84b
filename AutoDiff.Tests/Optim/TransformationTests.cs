using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

/// <summary>Each gradient transformation alone, applied to a 37-element float64 update, against its formula.</summary>
public sealed class TransformationTests
{
    private const int N = 37;

    private static (Tensor P, double[] U) Setup(GradientTransformation t, ulong seed = 1)
    {
        var p = Tensor.Randn(new Shape(N), seed: seed, DType.Float64);
        t.Initialize([p]);
        return (p, Tensor.Randn(new Shape(N), seed: seed + 1, DType.Float64).ToArray());
    }

    private static double Apply(GradientTransformation t, Tensor p, double[] u, long step, double lr = 0.1, double stepSize = 1, double? wd = null)
    {
        var s = t.Prepare(0, new StepContext(step, lr, wd), stepSize);
        t.Apply(0, 0, u.AsSpan(), p.AsSpan<double>());
        return s;
    }

    private static void Close(double expected, double actual) => Assert.True(Math.Abs(expected - actual) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"{actual:R} vs {expected:R}");

    [Fact]
    public void AddDecayedWeights_AddsLambdaTheta_GroupOverrideWins()
    {
        var t = new AddDecayedWeights(0.1);
        var (p, u) = Setup(t);
        var u0 = (double[])u.Clone();
        Apply(t, p, u, 1);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(u0[i] + (0.1 * p.GetFlat(i)), u[i]);
        }

        var v = (double[])u0.Clone();
        Apply(t, p, v, 2, wd: 0);
        Assert.Equal(u0, v);
    }

    [Fact]
    public void DecoupledWeightDecay_ShrinksTheParameterByOneMinusAlphaLambda()
    {
        var t = new DecoupledWeightDecay(0.5);
        var (p, u) = Setup(t);
        var p0 = p.ToArray();
        Apply(t, p, u, 1, lr: 0.1);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(p0[i] * (1 - (0.1 * 0.5)), p.GetFlat(i));
        }
    }

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(false, 0.3)]
    [InlineData(true, 0.0)]
    public void Trace_ThreeSteps_FollowsTheMomentumRecurrence(bool nesterov, double dampening)
    {
        const double mu = 0.9;
        var t = new Trace(mu, dampening, nesterov);
        var (p, _) = Setup(t);
        var b = new double[N];
        for (var step = 1; step <= 3; step++)
        {
            var g = Tensor.Randn(new Shape(N), seed: (ulong)(10 + step), DType.Float64).ToArray();
            var u = (double[])g.Clone();
            Apply(t, p, u, step);
            for (var i = 0; i < N; i++)
            {
                b[i] = step == 1 ? g[i] : (b[i] * mu) + ((1 - dampening) * g[i]);
                Assert.Equal(nesterov ? g[i] + (mu * b[i]) : b[i], u[i]);
                Assert.Equal(b[i], t.State("momentum_buffer", 0).GetFlat(i));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScaleByRms_TwoSteps_DividesByRootMeanSquare(bool centered)
    {
        const double a = 0.9, eps = 1e-8;
        var t = new ScaleByRms(a, eps, centered);
        var (p, _) = Setup(t);
        var v = new double[N];
        var m = new double[N];
        for (var step = 1; step <= 2; step++)
        {
            var g = Tensor.Randn(new Shape(N), seed: (ulong)(20 + step), DType.Float64).ToArray();
            var u = (double[])g.Clone();
            Apply(t, p, u, step);
            for (var i = 0; i < N; i++)
            {
                v[i] = (a * v[i]) + ((1 - a) * g[i] * g[i]);
                m[i] = (a * m[i]) + ((1 - a) * g[i]);
                Close(g[i] / (Math.Sqrt(centered ? v[i] - (m[i] * m[i]) : v[i]) + eps), u[i]);
            }
        }
    }

    [Fact]
    public void ScaleByRss_SumsSquaresAndDecaysTheStepSize()
    {
        var t = new ScaleByRss(initialAccumulatorValue: 0.5, eps: 1e-10, lrDecay: 0.2);
        var (p, u) = Setup(t);
        var g = (double[])u.Clone();
        Apply(t, p, u, 1);
        var g2 = (double[])g.Clone();
        var stepSize = Apply(t, p, g2, 3, stepSize: 1.0);
        Assert.Equal(1.0 / (1 + (2 * 0.2)), stepSize);
        for (var i = 0; i < N; i++)
        {
            Close(g[i] / (Math.Sqrt(0.5 + (g[i] * g[i])) + 1e-10), u[i]);
            Close(g[i] / (Math.Sqrt(0.5 + (2 * g[i] * g[i])) + 1e-10), g2[i]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScaleByAdam_ReturnsBiasCorrectedRatioAndStepSize(bool amsgrad)
    {
        const double b1 = 0.9, b2 = 0.99, eps = 1e-8;
        var t = new ScaleByAdam(b1, b2, eps, amsgrad);
        var (p, _) = Setup(t);
        double[] m = new double[N], v = new double[N], vmax = new double[N];
        for (var step = 1; step <= 3; step++)
        {
            var g = Tensor.Randn(new Shape(N), seed: (ulong)(30 + step), DType.Float64).ToArray();
            var u = (double[])g.Clone();
            var stepSize = Apply(t, p, u, step, stepSize: 0.5);
            Close(0.5 / (1 - Math.Pow(b1, step)), stepSize);
            for (var i = 0; i < N; i++)
            {
                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
                vmax[i] = Math.Max(vmax[i], v[i]);
                Close(m[i] / ((Math.Sqrt(amsgrad ? vmax[i] : v[i]) / Math.Sqrt(1 - Math.Pow(b2, step))) + eps), u[i]);
            }
        }
    }

    [Fact]
    public void ScaleByAdamax_DividesByTheDecayedInfinityNorm()
    {
        const double b1 = 0.9, b2 = 0.99, eps = 1e-8;
        var t = new ScaleByAdamax(b1, b2, eps);
        var (p, _) = Setup(t);
        double[] m = new double[N], n = new double[N];
        for (var step = 1; step <= 3; step++)
        {
            var g = Tensor.Randn(new Shape(N), seed: (ulong)(40 + step), DType.Float64).ToArray();
            var u = (double[])g.Clone();
            var stepSize = Apply(t, p, u, step);
            Close(1 / (1 - Math.Pow(b1, step)), stepSize);
            for (var i = 0; i < N; i++)
            {
                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                n[i] = Math.Max(b2 * n[i], Math.Abs(g[i]) + eps);
                Close(m[i] / n[i], u[i]);
            }
        }
    }

    [Fact]
    public void ScaleByRadam_FirstSteps_ArePlainBiasCorrectedMomentum()
    {
        var t = new ScaleByRadam(0.9, 0.999);
        var (p, u) = Setup(t);
        var g = (double[])u.Clone();
        var stepSize = Apply(t, p, u, 1, lr: 0.01, stepSize: 0.01);
        Assert.Equal(1, stepSize);
        for (var i = 0; i < N; i++)
        {
            Close(g[i] * 0.01, u[i]);    // m/(1 − β₁) = g at t = 1, times α
        }
    }

    [Fact]
    public void ScaleByNadam_FirstStep_MatchesTheClosedForm()
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8, psi = 4e-3;
        var t = new ScaleByNadam(b1, b2, eps, psi);
        var (p, u) = Setup(t);
        var g = (double[])u.Clone();
        Apply(t, p, u, 1);
        var mu1 = b1 * (1 - (0.5 * Math.Pow(0.96, psi)));
        var mu2 = b1 * (1 - (0.5 * Math.Pow(0.96, 2 * psi)));
        Close(mu1, t.State("mu_product", 0).Item());
        for (var i = 0; i < N; i++)
        {
            var d = Math.Abs(g[i]) + eps;   // √(v / (1 − β₂)) = |g|
            Close(((1 - mu1) / (1 - mu1) * (g[i] / d)) + (mu2 / (1 - (mu1 * mu2)) * ((1 - b1) * g[i] / d)), u[i]);
        }
    }

    [Fact]
    public void ClipByValue_ClampsEveryElement()
    {
        var t = new ClipByValue(0.5);
        var (p, u) = Setup(t);
        var g = (double[])u.Clone();
        Apply(t, p, u, 1);
        Assert.Equal(g.Select(x => Math.Clamp(x, -0.5, 0.5)), u);
    }

    [Fact]
    public void ClipByGlobalNorm_ScalesTheWholeGradientToTheMaximum()
    {
        var a = Tensor.FromArray(new[] { 3.0, 0.0 });
        var b = Tensor.FromArray(new[] { 4.0 });
        a.RequiresGrad = b.RequiresGrad = true;
        var chain = new GradientChain([a, b], 1.0, new ClipByGlobalNorm(1.0));
        a.Grad = Tensor.FromArray(new[] { 3.0, 0.0 });
        b.Grad = Tensor.FromArray(new[] { 4.0 });
        chain.Step();
        var clip = (ClipByGlobalNorm)chain.Transformations[0];
        Assert.Equal(5.0, clip.LastNorm);
        var c = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3.0 - (3.0 * c), a.GetFlat(0), 15);
        Assert.Equal(4.0 - (4.0 * c), b.GetFlat(0), 15);
    }

    [Fact]
    public void ClipByGlobalNorm_AfterAnotherTransformation_IsRejected()
    {
        var p = Tensor.Zeros(new Shape(2), DType.Float64);
        var ex = Assert.Throws<ArgumentException>(() => new GradientChain([p], 0.1, new ScaleByAdam(), new ClipByGlobalNorm(1)));
        Assert.Contains("ClipByGlobalNorm", ex.Message);
    }

    [Fact]
    public void ScaleBySchedule_MultipliesTheStepSizeByTheScheduleOfTheStep()
    {
        var t = new ScaleBySchedule(Schedule.Exponential(1.0, 0.5));
        var (p, u) = Setup(t);
        Assert.Equal(0.1, Apply(t, p, u, 1, stepSize: 0.1));
        Assert.Equal(0.025, Apply(t, p, u, 3, stepSize: 0.1));
    }

    [Fact]
    public void Constructor_InvalidHyperParameter_NamesTransformationAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ScaleByAdam(beta1: 1.0));
        Assert.Contains("ScaleByAdam: beta1 = 1", ex.Message);
    }
}
