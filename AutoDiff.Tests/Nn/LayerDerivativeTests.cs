using AutoDiff.Checking;
using AutoDiff.Nn;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>Gradient, JVP and HVP of every layer against finite differences, over random small shapes (Float64).</summary>
public class LayerDerivativeTests
{
    private static readonly CheckOptions s_kinkSafe = new(Eps: 1e-7, Atol: 1e-5, Rtol: 1e-3);

    [Fact]
    public void Linear_RandomShapes_DerivativesMatchFiniteDifferences()
    {
        var gen = from n in Gen.Choose(1, 4)
                  from i in Gen.Choose(1, 5)
                  from o in Gen.Choose(1, 4)
                  from bias in Gen.Elements(true, false)
                  from extra in Gen.Choose(0, 2)
                  from seed in NnCheck.Seed
                  select (n, i, o, bias, extra, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            var layer = new Linear(c.i, c.o, c.bias, DType.Float64, rng);
            var x = c.extra == 0 ? NnCheck.Randn(rng, c.n, c.i) : NnCheck.Randn(rng, c.n, c.extra, c.i);
            NnCheck.Module(layer, x);
        });
    }

    [Fact]
    public void Linear_BatchedInput_DerivativesMatchFiniteDifferences()
    {
        var rng = new Rng(3);
        NnCheck.Module(new Linear(3, 2, dtype: DType.Float64, rng: rng), NnCheck.Randn(rng, 2, 2, 3));
    }

    [Fact]
    public void Conv2d_RandomGeometry_DerivativesMatchFiniteDifferences()
    {
        var gen = from n in Gen.Choose(1, 2)
                  from cin in Gen.Choose(1, 3)
                  from cout in Gen.Choose(1, 3)
                  from k in Gen.Choose(1, 3)
                  from stride in Gen.Choose(1, 2)
                  from padding in Gen.Choose(0, 1)
                  from h in Gen.Choose(k, 5)
                  from w in Gen.Choose(k, 5)
                  from bias in Gen.Elements(true, false)
                  from seed in NnCheck.Seed
                  select (n, cin, cout, k, stride, padding, h, w, bias, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            var layer = new Conv2d(c.cin, c.cout, c.k, c.stride, c.padding, c.bias, DType.Float64, rng);
            NnCheck.Module(layer, NnCheck.Randn(rng, c.n, c.cin, c.h, c.w));
        });
    }

    [Fact]
    public void MaxPool2d_DistinctValues_DerivativesMatchFiniteDifferences()
    {
        var gen = from n in Gen.Choose(1, 2)
                  from ch in Gen.Choose(1, 3)
                  from k in Gen.Choose(1, 3)
                  from stride in Gen.Choose(1, 3)
                  from h in Gen.Choose(k, 5)
                  from w in Gen.Choose(k, 5)
                  from seed in NnCheck.Seed
                  select (n, ch, k, stride, h, w, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            NnCheck.Module(new MaxPool2d(c.k, c.stride), NnCheck.Distinct(rng, c.n, c.ch, c.h, c.w), s_kinkSafe);
        });
    }

    [Fact]
    public void AvgPool2d_RandomGeometry_DerivativesMatchFiniteDifferences()
    {
        var gen = from n in Gen.Choose(1, 2)
                  from ch in Gen.Choose(1, 3)
                  from k in Gen.Choose(1, 3)
                  from stride in Gen.Choose(1, 3)
                  from padding in Gen.Choose(0, 1)
                  from h in Gen.Choose(k, 5)
                  from w in Gen.Choose(k, 5)
                  from seed in NnCheck.Seed
                  where padding * 2 <= k
                  select (n, ch, k, stride, padding, h, w, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            NnCheck.Module(new AvgPool2d(c.k, c.stride, c.padding), NnCheck.Randn(rng, c.n, c.ch, c.h, c.w));
        });
    }

    [Fact]
    public void Flatten_RandomShapes_DerivativesMatchFiniteDifferences()
    {
        var gen = from a in Gen.Choose(1, 3)
                  from b in Gen.Choose(1, 3)
                  from d in Gen.Choose(1, 3)
                  from seed in NnCheck.Seed
                  select (a, b, d, seed);
        NnCheck.ForAll(gen, c => NnCheck.Module(new Flatten(), NnCheck.Randn(new Rng((ulong)c.seed), c.a, c.b, c.d)), maxTest: 4);
    }

    [Fact]
    public void BatchNorm1d_Training_DerivativesThroughBatchStatisticsMatch()
    {
        var gen = from n in Gen.Choose(3, 5)
                  from ch in Gen.Choose(1, 4)
                  from withLength in Gen.Elements(false, true)
                  from seed in NnCheck.Seed
                  select (n, ch, withLength, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            var layer = new BatchNorm1d(c.ch, dtype: DType.Float64);
            Init.Normal(layer.Weight!, rng, 1, 0.3);
            Init.Normal(layer.Bias!, rng, 0, 0.3);
            var x = c.withLength ? NnCheck.Randn(rng, c.n, c.ch, 2) : NnCheck.Randn(rng, c.n, c.ch);
            NnCheck.Module(layer, x);
        });
    }

    [Fact]
    public void BatchNorm1d_EvalAndNotAffine_DerivativesMatch()
    {
        var gen = from n in Gen.Choose(1, 4)
                  from ch in Gen.Choose(1, 4)
                  from withLength in Gen.Elements(false, true)
                  from training in Gen.Elements(true, false)
                  from affine in Gen.Elements(true, false)
                  from seed in NnCheck.Seed
                  where !training || n > 1
                  select (n, ch, withLength, training, affine, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            var layer = new BatchNorm1d(c.ch, affine: c.affine, dtype: DType.Float64);
            if (c.affine)
            {
                Init.Normal(layer.Weight!, rng, 1, 0.3);
                Init.Normal(layer.Bias!, rng, 0, 0.3);
            }

            Init.Normal(layer.RunningMean, rng, 0, 0.5);
            Init.Uniform(layer.RunningVar, rng, 0.5, 2);
            layer.Train(c.training);
            var x = c.withLength ? NnCheck.Randn(rng, c.n, c.ch, 2) : NnCheck.Randn(rng, c.n, c.ch);
            NnCheck.Module(layer, x);
        });
    }

    [Fact]
    public void LeakyReLU_RandomSlope_DerivativesMatchFiniteDifferences()
    {
        var gen = from n in Gen.Choose(1, 4)
                  from d in Gen.Choose(1, 5)
                  from slope in Gen.Elements(0.0, 0.01, 0.2, 0.5, 1.5)
                  from seed in NnCheck.Seed
                  select (n, d, slope, seed);
        NnCheck.ForAll(gen, c =>
            NnCheck.Module(new LeakyReLU(c.slope), NnCheck.AwayFromZero(new Rng((ulong)c.seed), c.n, c.d), s_kinkSafe), maxTest: 5);
    }

    [Fact]
    public void Dropout_Eval_DerivativesAreIdentity()
    {
        var gen = from n in Gen.Choose(1, 4)
                  from d in Gen.Choose(1, 5)
                  from seed in NnCheck.Seed
                  select (n, d, seed);
        NnCheck.ForAll(gen, c =>
        {
            var layer = new Dropout(0.5, (ulong)c.seed);
            layer.Eval();
            NnCheck.Module(layer, NnCheck.Randn(new Rng((ulong)c.seed), c.n, c.d));
        }, maxTest: 4);
    }

    [Fact]
    public void Check_WrongDerivative_Fails()
    {
        // x·stop_gradient(x) has value x² but an analytic gradient of x, not 2x: the harness must reject it,
        // otherwise the properties above could not fail.
        var x = NnCheck.Randn(new Rng(1), 2, 3);
        Assert.ThrowsAny<Exception>(() => NnCheck.Function(xs => Ops.Mul(xs[0], xs[0].Detach()), [x]));
        Assert.ThrowsAny<Exception>(() => NnCheck.ForAll(Gen.Choose(1, 3), n => Assert.True(n > 10), maxTest: 3));
    }

    [Fact]
    public void BatchNorm2d_TrainingAndEval_DerivativesMatch()
    {
        var gen = from n in Gen.Choose(1, 3)
                  from ch in Gen.Choose(1, 3)
                  from h in Gen.Choose(2, 3)
                  from w in Gen.Choose(2, 3)
                  from training in Gen.Elements(true, false)
                  from seed in NnCheck.Seed
                  select (n, ch, h, w, training, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            var layer = new BatchNorm2d(c.ch, dtype: DType.Float64);
            Init.Normal(layer.Weight!, rng, 1, 0.3);
            Init.Normal(layer.Bias!, rng, 0, 0.3);
            Init.Normal(layer.RunningMean, rng, 0, 0.5);
            Init.Uniform(layer.RunningVar, rng, 0.5, 2);
            layer.Train(c.training);
            NnCheck.Module(layer, NnCheck.Randn(rng, c.n, c.ch, c.h, c.w));
        });
    }

    [Fact]
    public void Dropout_FixedMask_DerivativesMatch()
    {
        var gen = from n in Gen.Choose(1, 4)
                  from d in Gen.Choose(1, 5)
                  from p in Gen.Elements(0.0, 0.3, 0.5, 0.9)
                  from seed in NnCheck.Seed
                  select (n, d, p, seed);
        NnCheck.ForAll(gen, c =>
        {
            var x = NnCheck.Randn(new Rng((ulong)c.seed), c.n, c.d);
            // A fresh layer with the same seed per evaluation, so every evaluation sees the same mask.
            NnCheck.Function(xs => new Dropout(c.p, (ulong)c.seed).Forward(xs[0]), [x]);
        });
    }

    [Theory]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.LeakyReLU)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.GELU)]
    public void Activation_RandomShapes_DerivativesMatchFiniteDifferences(Activation activation)
    {
        var gen = from n in Gen.Choose(1, 4)
                  from d in Gen.Choose(1, 5)
                  from seed in NnCheck.Seed
                  select (n, d, seed);
        NnCheck.ForAll(gen, c =>
        {
            var x = NnCheck.AwayFromZero(new Rng((ulong)c.seed), c.n, c.d);
            NnCheck.Module(Mlp.CreateActivation(activation), x, activation is Activation.ReLU or Activation.LeakyReLU ? s_kinkSafe : null);
        }, maxTest: 5);
    }

    [Fact]
    public void Mlp_RandomSizesActivationsAndBatchNorm_DerivativesMatchFiniteDifferences()
    {
        var gen = from n in Gen.Choose(2, 4)
                  from sizes in Gen.ListOf(Gen.Choose(1, 4), 3)
                  from activation in Gen.Elements(Activation.Tanh, Activation.Sigmoid, Activation.Softplus, Activation.GELU)
                  from batchNorm in Gen.Elements(true, false)
                  from training in Gen.Elements(true, false)
                  from seed in NnCheck.Seed
                  select (n, sizes: sizes.ToArray(), activation, batchNorm, training, seed);
        NnCheck.ForAll(gen, c =>
        {
            var rng = new Rng((ulong)c.seed);
            var model = Mlp.Create(c.sizes, c.activation, c.batchNorm, dropout: c.training ? 0 : 0.5, dtype: DType.Float64, rng: rng);
            model.Train(c.training);
            NnCheck.Module(model, NnCheck.Randn(rng, c.n, c.sizes[0]));
        }, maxTest: 6);
    }

    [Fact]
    public void SmallConvNet_AllParameters_DerivativesMatchFiniteDifferences()
    {
        var rng = new Rng(11);
        var model = new Sequential(
            new Conv2d(1, 2, 3, padding: 1, dtype: DType.Float64, rng: rng),
            new BatchNorm2d(2, dtype: DType.Float64),
            new Tanh(),
            new AvgPool2d(2),
            new Flatten(),
            new Linear(8, 3, dtype: DType.Float64, rng: rng));
        NnCheck.Module(model, NnCheck.Randn(rng, 2, 1, 4, 4));
    }
}
