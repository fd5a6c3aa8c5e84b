using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

/// <summary>
/// A chain assembled by hand equals the named optimizer bit for bit; the SIMD lanes compute exactly the scalar rule;
/// steady-state steps allocate nothing.
/// </summary>
public sealed class ChainTests
{
    private const int N = 1037;   // two blocks and a scalar tail

    public static TheoryData<string> Names => ["sgd", "nesterov", "rmsprop", "adam", "adamw-amsgrad", "adam-maximize", "adagrad", "adamax", "nadam", "radam"];

    private static (Optimizer Named, GradientTransformation[] Recipe) Make(string name, Tensor p) => name switch
    {
        "sgd" => (new Sgd([p], 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01), Sgd.Recipe(0.05, 0.9, 0.1, 0.01)),
        "nesterov" => (new Sgd([p], 0.05, momentum: 0.9, nesterov: true), Sgd.Recipe(0.05, 0.9, nesterov: true)),
        "rmsprop" => (new RmsProp([p], 0.01, centered: true, momentum: 0.5, weightDecay: 0.01), RmsProp.Recipe(0.01, centered: true, momentum: 0.5, weightDecay: 0.01)),
        "adam" => (new Adam([p], 0.01, weightDecay: 0.1), Adam.Recipe(0.01, weightDecay: 0.1)),
        "adam-maximize" => (new Adam([p], 0.01, amsgrad: true, maximize: true), Adam.Recipe(0.01, amsgrad: true)),
        "adamw-amsgrad" => (new AdamW([p], 0.01, amsgrad: true), Adam.Recipe(0.01, weightDecay: 0.01, decoupled: true, amsgrad: true)),
        "adagrad" => (new Adagrad([p], 0.1, lrDecay: 0.1), Adagrad.Recipe(0.1, lrDecay: 0.1)),
        "adamax" => (new Adamax([p]), Adamax.Recipe()),
        "nadam" => (new NAdam([p], weightDecay: 0.1, decoupledWeightDecay: true), NAdam.Recipe(weightDecay: 0.1, decoupledWeightDecay: true)),
        _ => (new RAdam([p], weightDecay: 0.1), RAdam.Recipe(weightDecay: 0.1)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void NamedOptimizer_Float32_BitIdenticalToItsHandAssembledChain(string name)
    {
        var a = Tensor.Randn(new Shape(N), seed: 3, DType.Float32);
        var b = a.Clone();
        var (named, recipe) = Make(name, a);
        var chain = new GradientChain([b], named.LearningRate, recipe) { Maximize = named.Maximize };
        for (var step = 0; step < 8; step++)
        {
            var g = Tensor.Randn(new Shape(N), seed: (ulong)(50 + step), DType.Float32);
            a.Grad = g;
            b.Grad = g.Clone();
            named.Step();
            chain.Step();
            Assert.Equal(a.ToFloatArray(), b.ToFloatArray());
        }
    }

    [Fact]
    public void Adam_Float32OddLength_BitIdenticalToScalarFloatRule()
    {
        const double lr = 0.01, beta1 = 0.8, beta2 = 0.99, eps = 1e-6;
        const int n = 37;
        var theta = Tensor.Randn(new Shape(n), seed: 2, DType.Float32);
        var p = theta.ToFloatArray();
        var m = new float[n];
        var v = new float[n];
        var adam = new Adam([theta], lr, beta1, beta2, eps);
        for (var t = 1; t <= 4; t++)
        {
            var grad = Tensor.Randn(new Shape(n), seed: (ulong)(20 + t), DType.Float32);
            theta.Grad = grad;
            adam.Step();
            var g = grad.ToFloatArray();
            var stepSize = (float)(lr / (1 - Math.Pow(beta1, t)));
            var correction2 = (float)Math.Sqrt(1 - Math.Pow(beta2, t));
            for (var i = 0; i < n; i++)
            {
                m[i] += (float)(1 - beta1) * (g[i] - m[i]);
                v[i] = (v[i] * (float)beta2) + ((float)(1 - beta2) * g[i] * g[i]);
                p[i] -= stepSize * (m[i] / ((MathF.Sqrt(v[i]) / correction2) + (float)eps));
            }

            Assert.Equal(p, theta.ToFloatArray());
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_SteadyState_AllocatesNothing(string name)
    {
        var p = Tensor.Randn(new Shape(N), seed: 3, DType.Float32);
        var (optimizer, _) = Make(name, p);
        p.Grad = Tensor.Randn(new Shape(N), seed: 4, DType.Float32);
        for (var i = 0; i < 5; i++)
        {
            optimizer.Step();
        }

        Assert.Equal(0, QuietestWindow(optimizer.Step, goal: 0));
    }

    [Fact]
    public void Step_LargeModelOnSeveralThreads_AllocatesNothing()
    {
        var saved = AutoDiff.Kernels.Parallelism.MaxThreads;
        AutoDiff.Kernels.Parallelism.MaxThreads = 4;
        try
        {
            var p = Tensor.Randn(new Shape(300_000), seed: 3, DType.Float32);
            var adam = new Adam([p]);
            p.Grad = Tensor.Randn(p.Shape, seed: 4, DType.Float32);
            for (var i = 0; i < 5; i++)
            {
                adam.Step();
            }

            // The wait handle may be made once, the first time this thread actually blocks: nothing per step.
            var allocated = QuietestWindow(adam.Step, goal: 199);
            Assert.True(allocated < 200, $"{allocated} bytes over 200 steps");
        }
        finally
        {
            AutoDiff.Kernels.Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void Step_ThreadCount_DoesNotChangeAnyBit()
    {
        float[] Run(int threads)
        {
            var saved = AutoDiff.Kernels.Parallelism.MaxThreads;
            AutoDiff.Kernels.Parallelism.MaxThreads = threads;
            try
            {
                var p = Tensor.Randn(new Shape(200_003), seed: 5, DType.Float32);
                var adam = new Adam([p], 0.01);
                for (var s = 0; s < 3; s++)
                {
                    p.Grad = Tensor.Randn(new Shape(200_003), seed: (ulong)(60 + s), DType.Float32);
                    adam.Step();
                }

                return p.ToFloatArray();
            }
            finally
            {
                AutoDiff.Kernels.Parallelism.MaxThreads = saved;
            }
        }

        Assert.Equal(Run(1), Run(4));
    }

    /// <summary>
    /// The bytes this thread allocated over 200 steps, in the quietest of up to 30 such windows, stopping at the first
    /// at or below <paramref name="goal"/>. The runtime tiers methods up (and may start its background worker) on the
    /// calling thread a while after the first calls, later still under a loaded test run; a step that allocates
    /// allocates in every window.
    /// </summary>
    private static long QuietestWindow(Action step, long goal)
    {
        var quietest = long.MaxValue;
        for (var window = 0; window < 30 && quietest > goal; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 200; i++)
            {
                step();
            }

            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return quietest;
    }
}
