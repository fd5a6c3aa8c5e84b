using AutoDiff.Linalg;
using AutoDiff.Nn;

namespace AutoDiff.Tests.Autodiff;

/// <summary>Hessian-vector products written into caller-owned tensors: same values, parameters untouched, no large garbage.</summary>
public sealed class HvpIntoTests
{
    private static (Sequential Model, Func<Tensor> Loss, Tensor[] Parameters, Tensor[] V) Problem()
    {
        var model = Mlp.Create([300, 200, 10], Activation.Tanh, dtype: DType.Float64, rng: new Rng(1));
        var x = Tensor.Randn(new Shape(32, 300), seed: 2, DType.Float64);
        var labels = Enumerable.Range(0, 32).Select(i => i % 10).ToArray();
        var parameters = model.Parameters().ToArray();
        var v = parameters.Select((p, i) => Tensor.Randn(p.Shape, seed: (ulong)(10 + i), DType.Float64)).ToArray();
        return (model, () => Losses.SoftmaxCrossEntropy(model.Forward(x), labels), parameters, v);
    }

    [Fact]
    public void Hvp_IntoDestinations_MatchesReturnedTensorsAndRestoresParameters()
    {
        var (_, loss, parameters, v) = Problem();
        var grad = Tensor.Ones(parameters[0].Shape, DType.Float64);
        parameters[0].Grad = grad;
        var expected = AD.Hvp(loss, parameters, v);
        var destination = parameters.Select(Tensor.ZerosLike).ToArray();

        AD.Hvp(loss, parameters, v, destination);

        for (var i = 0; i < parameters.Length; i++)
        {
            Assert.Equal(expected[i].ToArray(), destination[i].ToArray());
            Assert.Null(parameters[i].Tangent);
            Assert.True(parameters[i].RequiresGrad);
        }

        Assert.Same(grad, parameters[0].Grad);
        Assert.Null(parameters[1].Grad);
    }

    [Fact]
    public void Hvp_IntoDestinations_WrongShape_ThrowsNamingIt()
    {
        var (_, loss, parameters, v) = Problem();
        var destination = parameters.Select(Tensor.ZerosLike).ToArray();
        destination[1] = Tensor.Zeros(new Shape(3), DType.Float64);
        var error = Assert.Throws<ArgumentException>(() => AD.Hvp(loss, parameters, v, destination));
        Assert.Contains("destination 1", error.Message);
    }

    [Fact]
    public void LanczosOperator_RepeatedProducts_AllocateFarLessThanOneGradient()
    {
        var (_, loss, parameters, _) = Problem();
        var h = HessianOperator.ForParameters(loss, parameters, linearize: false);
        var v = new double[h.Dimension];
        var hv = new double[h.Dimension];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Math.Sin(i);
        }

        h.Apply(v, hv);
        var perProduct = long.MaxValue;
        for (var window = 0; window < 5; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 4; i++)
            {
                h.Apply(v, hv);
            }

            perProduct = Math.Min(perProduct, (GC.GetAllocatedBytesForCurrentThread() - before) / 4);
        }

        // One float64 gradient of this model is 62,210 × 8 = 498 KB; a product used to allocate two of them.
        Assert.True(perProduct < 64 * 1024, $"{perProduct} bytes per Hessian-vector product");
    }

    [Fact]
    public void Hvp_SameParameterTwice_ThrowsNamingBothIndices()
    {
        // Used to give the first copy a zero product and the second one the product along the wrong direction, silently.
        var w = Tensor.FromArray([1.0, 2.0]);
        var ex = Assert.Throws<ArgumentException>(() =>
            AD.Hvp(() => Ops.Sum(Ops.Mul(Ops.Mul(w, w), w)), [w, w], [Tensor.FromArray([1.0, 0.0]), Tensor.FromArray([0.0, 1.0])]));
        Assert.Contains("Hvp", ex.Message);
        Assert.Contains("0 and 1", ex.Message);
        Assert.Null(w.AutodiffState);
    }
}
