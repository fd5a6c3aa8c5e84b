using AutoDiff.Linalg;
using AutoDiff.Nn;
using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// <see cref="AD.Linearize(Func{Tensor}, IReadOnlyList{Tensor})"/>: products from the recorded linearisation equal
/// forward-over-reverse HVPs at the same point, its values survive other tapes, and disposal is enforced.
/// </summary>
public sealed class LinearizationTests
{
    private sealed record Case(int Seed, Activation Activation, bool Mse, bool BatchNorm);

    private static readonly Gen<Case> Cases =
        from seed in Gen.Choose(0, int.MaxValue)
        from activation in Gen.Elements(Activation.Tanh, Activation.ReLU, Activation.Softplus, Activation.Sigmoid, Activation.GELU)
        from mse in Gen.Elements(false, true)
        from batchNorm in Gen.Elements(false, true)
        select new Case(seed, activation, mse, batchNorm);

    private static (Sequential Model, Func<Tensor> Loss, Tensor[] Parameters) Problem(Case c)
    {
        var rng = new Rng((ulong)c.Seed);
        var model = Mlp.Create([7, 6, 5, 3], c.Activation, batchNorm: c.BatchNorm, dtype: DType.Float64, rng: rng.Fork());
        model.Eval();
        var x = Tensor.Randn(new Shape(9, 7), rng, dtype: DType.Float64);
        var labels = Enumerable.Range(0, 9).Select(_ => rng.NextInt(3)).ToArray();
        var target = Tensor.Randn(new Shape(9, 3), rng, dtype: DType.Float64);
        Func<Tensor> loss = c.Mse
            ? () => Losses.Mse(model.Forward(x), target)
            : () => Losses.SoftmaxCrossEntropy(model.Forward(x), labels);
        return (model, loss, model.Parameters().ToArray());
    }

    private static Tensor[] Direction(Tensor[] parameters, ulong seed)
        => parameters.Select((p, i) => Tensor.Randn(p.Shape, seed + (ulong)i, DType.Float64)).ToArray();

    private static void AssertClose(Tensor[] expected, Tensor[] actual, double tolerance = 1e-12)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i].ToArray();
            var a = actual[i].ToArray();
            Assert.Equal(e.Length, a.Length);
            for (var j = 0; j < e.Length; j++)
            {
                Assert.True(Math.Abs(e[j] - a[j]) <= tolerance * (1 + Math.Abs(e[j])), $"parameter {i}, element {j}: expected {e[j]:R}, got {a[j]:R}");
            }
        }
    }

    [Fact]
    public void Apply_RandomMlps_EqualsHvpForSeveralDirections()
    {
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var (_, loss, parameters) = Problem(c);
            using var linearization = AD.Linearize(loss, parameters);
            var destination = parameters.Select(Tensor.ZerosLike).ToArray();
            for (var k = 0; k < 3; k++)
            {
                var v = Direction(parameters, (ulong)(100 * k + 1));
                var expected = AD.Hvp(loss, parameters, v);
                linearization.Apply(v, destination);
                AssertClose(expected, destination);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    [Fact]
    public void Linearize_ValueAndGradients_EqualAValueAndGradPass()
    {
        var (model, loss, parameters) = Problem(new Case(5, Activation.Tanh, false, true));
        using var linearization = AD.Linearize(loss, parameters);
        double value;
        using (var tape = Tape.Record())
        {
            var y = loss();
            value = y.Item();
            y.Backward();
        }

        var gradients = parameters.Select(p => p.Grad!.Clone()).ToArray();
        model.ZeroGrad();

        Assert.Equal(value, linearization.Value, 12);
        AssertClose(gradients, [.. linearization.Gradients]);
        Assert.True(linearization.Operations > 0);
    }

    [Fact]
    public void Linearize_LeavesParametersUntouched()
    {
        var (_, loss, parameters) = Problem(new Case(6, Activation.ReLU, false, false));
        using var linearization = AD.Linearize(loss, parameters);

        foreach (var p in parameters)
        {
            Assert.Null(p.Tangent);
            Assert.Null(p.Grad);
            Assert.True(p.RequiresGrad);
        }
    }

    [Fact]
    public void Apply_DestinationIsTheDirection_GivesTheSameProductInPlace()
    {
        // The replay writes gradient tangents straight into the destinations (unless one shares memory with a
        // direction): H·v in place must equal H·v into a separate buffer.
        var (_, loss, parameters) = Problem(new Case(5, Activation.Tanh, false, false));
        using var linearization = AD.Linearize(loss, parameters);
        var v = Direction(parameters, 9);
        var expected = parameters.Select(Tensor.ZerosLike).ToArray();
        linearization.Apply(v, expected);

        var inPlace = v.Select(t => t.Clone()).ToArray();
        linearization.Apply(inPlace, inPlace);

        AssertClose(expected, inPlace, 0);
    }

    [Fact]
    public void Apply_AfterOtherTapesReusedThePool_GivesIdenticalResults()
    {
        var (model, loss, parameters) = Problem(new Case(7, Activation.Softplus, false, false));
        using var linearization = AD.Linearize(loss, parameters);
        var v = Direction(parameters, 3);
        var first = parameters.Select(Tensor.ZerosLike).ToArray();
        linearization.Apply(v, first);

        // Training steps and HVPs rent and return many pooled buffers of the same sizes.
        for (var step = 0; step < 3; step++)
        {
            using (var tape = Tape.Record())
            {
                loss().Backward();
            }

            AD.Hvp(loss, parameters, Direction(parameters, 50));
            model.ZeroGrad();
        }

        var second = parameters.Select(Tensor.ZerosLike).ToArray();
        linearization.Apply(v, second);
        for (var i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i].ToArray(), second[i].ToArray());
        }
    }

    [Fact]
    public void Apply_AfterDispose_ThrowsNamingLinearize()
    {
        var (_, loss, parameters) = Problem(new Case(8, Activation.Tanh, true, false));
        var linearization = AD.Linearize(loss, parameters);
        linearization.Dispose();
        linearization.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => linearization.Apply(Direction(parameters, 1), parameters.Select(Tensor.ZerosLike).ToArray()));
        Assert.Contains("AD.Linearize", error.Message);
        Assert.True(linearization.IsDisposed);
    }

    [Fact]
    public void Apply_WrongShape_ThrowsNamingIt()
    {
        var (_, loss, parameters) = Problem(new Case(9, Activation.Tanh, true, false));
        using var linearization = AD.Linearize(loss, parameters);
        var v = Direction(parameters, 1);
        v[2] = Tensor.Zeros(new Shape(4), DType.Float64);

        var error = Assert.Throws<ArgumentException>(() => linearization.Apply(v, parameters.Select(Tensor.ZerosLike).ToArray()));
        Assert.Contains("direction 2", error.Message);
    }

    [Fact]
    public void Linearize_FunctionOfTensor_MatchesHvpOfCubic()
    {
        var c = Tensor.FromArray(new[] { 1.0, -2.0, 0.5 }, new Shape(3));
        Tensor F(Tensor t) => Ops.Sum(Ops.Mul(c, Ops.Mul(Ops.Mul(t, t), Ops.Exp(t))));
        var x = Tensor.FromArray(new[] { 0.3, -0.7, 1.1 }, new Shape(3));
        using var linearization = AD.Linearize(F, x);

        for (var k = 0; k < 3; k++)
        {
            var v = Tensor.Randn(new Shape(3), (ulong)k, DType.Float64);
            AssertClose([AD.Hvp(F, x, v)], [linearization.Apply(v)]);
        }

        Assert.Null(x.Tangent);
    }

    [Fact]
    public void Linearize_LossWithAGradientInside_MatchesHvp()
    {
        // A gradient penalty: the loss itself calls AD.Grad, so the linearisation replays a transform nested inside it.
        var a = Tensor.Randn(new Shape(4, 4), 11, DType.Float64);
        Tensor Inner(Tensor t) => Ops.Sum(Ops.Tanh(Ops.MatMul(a, Ops.Reshape(t, 4, 1))));
        Tensor F(Tensor t) => Ops.Add(Inner(t), Ops.Sum(Ops.Square(AD.Grad(Inner, t))));
        var x = Tensor.Randn(new Shape(4), 12, DType.Float64);
        using var linearization = AD.Linearize(F, x);

        for (var k = 0; k < 2; k++)
        {
            var v = Tensor.Randn(new Shape(4), (ulong)(20 + k), DType.Float64);
            AssertClose([AD.Hvp(F, x, v)], [linearization.Apply(v)]);
        }
    }

    [Fact]
    public void Linearize_InsideAUserTape_IsInvisibleToIt()
    {
        var (_, loss, parameters) = Problem(new Case(13, Activation.Tanh, false, false));
        var v = Direction(parameters, 4);
        var expected = AD.Hvp(loss, parameters, v);
        using var tape = Tape.Record();
        var count = tape.Count;
        using var linearization = AD.Linearize(loss, parameters);

        Assert.Equal(count, tape.Count);
        var destination = parameters.Select(Tensor.ZerosLike).ToArray();
        linearization.Apply(v, destination);
        AssertClose(expected, destination);
    }

    [Fact]
    public void Apply_RepeatedProducts_AllocateOnlySmallObjects()
    {
        var model = Mlp.Create([100, 64, 10], Activation.Tanh, dtype: DType.Float64, rng: new Rng(30));
        var x = Tensor.Randn(new Shape(32, 100), 31, DType.Float64);
        var labels = Enumerable.Range(0, 32).Select(i => i % 10).ToArray();
        var parameters = model.Parameters().ToArray();
        using var linearization = AD.Linearize(() => Losses.SoftmaxCrossEntropy(model.Forward(x), labels), parameters);
        var v = Direction(parameters, 32);
        var destination = parameters.Select(Tensor.ZerosLike).ToArray();
        linearization.Apply(v, destination);

        // The smallest of the windows, so a background allocation on this thread cannot fail it.
        var perProduct = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 4; i++)
            {
                linearization.Apply(v, destination);
            }

            perProduct = Math.Min(perProduct, (GC.GetAllocatedBytesForCurrentThread() - before) / 4);
        }

        // One tangent of the first weight alone is 100 × 64 doubles = 51 KB.
        Assert.True(perProduct < 16 * 1024, $"{perProduct} bytes per product");
    }

    [Fact]
    public void Apply_Float32_MatchesHvp()
    {
        var model = Mlp.Create([5, 4, 3], Activation.Tanh, dtype: DType.Float32, rng: new Rng(40));
        var x = Tensor.Randn(new Shape(6, 5), 41, DType.Float32);
        var labels = new[] { 0, 1, 2, 0, 1, 2 };
        var parameters = model.Parameters().ToArray();
        Tensor Loss() => Losses.SoftmaxCrossEntropy(model.Forward(x), labels);
        using var linearization = AD.Linearize(Loss, parameters);
        var v = parameters.Select((p, i) => Tensor.Randn(p.Shape, (ulong)(42 + i), DType.Float32)).ToArray();
        var destination = parameters.Select(Tensor.ZerosLike).ToArray();

        linearization.Apply(v, destination);

        AssertClose(AD.Hvp(Loss, parameters, v), destination, 1e-5);
    }

    [Fact]
    public void Apply_ParameterTheLossDoesNotRead_GivesZero()
    {
        var w = Tensor.Randn(new Shape(3), 50, DType.Float64);
        var unused = Tensor.Ones(new Shape(2), DType.Float64);
        using var linearization = AD.Linearize(() => Ops.Sum(Ops.Exp(w)), [w, unused]);
        var destination = new[] { Tensor.Zeros(new Shape(3), DType.Float64), Tensor.Ones(new Shape(2), DType.Float64) };

        linearization.Apply([Tensor.Ones(new Shape(3), DType.Float64), Tensor.Ones(new Shape(2), DType.Float64)], destination);

        Assert.Equal(Ops.Exp(w).ToArray(), destination[0].ToArray());
        Assert.Equal(new[] { 0.0, 0.0 }, destination[1].ToArray());
        Assert.Equal(new[] { 0.0, 0.0 }, linearization.Gradients[1].ToArray());
    }

    [Fact]
    public void Linearize_SameParameterTwice_ThrowsNamingBothIndices()
    {
        // As AD.Hvp: one tensor passed twice would carry two leaves' products on one tensor.
        var w = Tensor.FromArray([1.0, 2.0]);
        var b = Tensor.FromArray([3.0]);
        var ex = Assert.Throws<ArgumentException>(() => AD.Linearize(() => Ops.Sum(Ops.Mul(Ops.Mul(w, w), w)), [w, b, w]));

        Assert.Contains("Linearize", ex.Message);
        Assert.Contains("0 and 2", ex.Message);
        Assert.Null(w.AutodiffState);
    }
}
