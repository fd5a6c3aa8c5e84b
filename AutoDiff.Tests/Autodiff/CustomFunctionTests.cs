namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// A user-defined differentiable function works in Backward, in every transform and in nested ones, whether it gives
/// a JVP rule, a VJP rule or both; it agrees with the same function built from primitives.
/// </summary>
public sealed class CustomFunctionTests
{
    // softplus(x) = log(1 + eˣ); its derivative is σ(x).
    private static readonly CustomFunction JvpOnly = new("SoftplusJ",
        forward: xs => Ops.Softplus(xs[0]),
        jvp: (xs, y, dx) => Ops.Mul(Ops.Sigmoid(xs[0]), dx[0]!));

    private static readonly CustomFunction VjpOnly = new("SoftplusV",
        forward: xs => Ops.Softplus(xs[0]),
        vjp: (xs, y, g, index) => Ops.Mul(Ops.Sigmoid(xs[0]), g));

    private static readonly CustomFunction Both = new("SoftplusB",
        forward: xs => Ops.Softplus(xs[0]),
        jvp: (xs, y, dx) => Ops.Mul(Ops.Sigmoid(xs[0]), dx[0]!),
        vjp: (xs, y, g, index) => Ops.Mul(Ops.Sigmoid(xs[0]), g));

    /// <summary>f(a, b) = a·b², two inputs: ȧ·b² + 2ab·ḃ.</summary>
    private static readonly CustomFunction Product = new("ABSquared",
        forward: xs => Ops.Mul(xs[0], Ops.Mul(xs[1], xs[1])),
        jvp: (xs, y, d) =>
        {
            var ta = d[0] is { } da ? Ops.Mul(da, Ops.Mul(xs[1], xs[1])) : null;
            var tb = d[1] is { } db ? Ops.Mul(Ops.Mul(Ops.Mul(xs[0], xs[1]), 2.0), db) : null;
            return ta is null ? tb : tb is null ? ta : Ops.Add(ta, tb);
        });

    public static TheoryData<string> Kinds => new() { "jvp", "vjp", "both" };

    private static CustomFunction Pick(string kind) => kind switch { "jvp" => JvpOnly, "vjp" => VjpOnly, _ => Both };

    private static readonly Tensor X = Tensor.FromArray([0.3, -1.2, 2.0]);
    private static readonly Tensor V = Tensor.FromArray([1.0, 0.5, -2.0]);

    private static Tensor Reference(Tensor x) => Ops.Sum(Ops.Mul(Ops.Softplus(x), x));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Transforms_MatchTheSameFunctionFromPrimitives(string kind)
    {
        var f = Pick(kind);
        Tensor Custom(Tensor x) => Ops.Sum(Ops.Mul(f.Invoke(x), x));

        AssertClose(AD.Grad(Reference, X), AD.Grad(Custom, X));
        AssertClose(AD.Jvp(Reference, X, V).Tangent, AD.Jvp(Custom, X, V).Tangent);
        AssertClose(AD.Vjp(x => Ops.Softplus(x), X, V).Cotangent, AD.Vjp(x => f.Invoke(x), X, V).Cotangent);
        AssertClose(AD.Hvp(Reference, X, V), AD.Hvp(Custom, X, V));
        AssertClose(AD.Hessian(Reference, X), AD.Hessian(Custom, X));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NestedTransforms_ThirdDerivative_MatchesPrimitives(string kind)
    {
        var f = Pick(kind);
        var x0 = Tensor.Scalar(0.4, DType.Float64);
        var reference = AD.Grad(a => AD.Grad(b => AD.Grad(c => Ops.Softplus(c), b), a), x0).Item();
        var custom = AD.Grad(a => AD.Grad(b => AD.Grad(c => f.Invoke(c), b), a), x0).Item();
        var forward = AD.Jvp(a => AD.Jvp(b => AD.Jvp(c => f.Invoke(c), b, x0.Clone()).Tangent, a, Tensor.Scalar(1.0, DType.Float64)).Tangent,
            x0, Tensor.Scalar(1.0, DType.Float64)).Tangent.Item() / 0.4;

        // σ'' at 0.4: σ(1 − σ)(1 − 2σ).
        var s = 1 / (1 + Math.Exp(-0.4));
        Assert.Equal(s * (1 - s) * (1 - (2 * s)), reference, 12);
        Assert.Equal(reference, custom, 12);
        Assert.Equal(reference, forward, 12);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_OnRecordedTape_AccumulatesIntoGrad(string kind)
    {
        var f = Pick(kind);
        var x = X.Clone();
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        Ops.Sum(f.Invoke(x)).Backward();

        for (var i = 0; i < X.Size; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-X.GetFlat(i))), x.Grad!.GetFlat(i), 14);
        }
    }

    [Fact]
    public void TwoInputs_JvpOnly_DerivedVjpGivesEachInputItsCotangent()
    {
        var a = Tensor.FromArray([1.5, -0.5]);
        var b = Tensor.FromArray([2.0, 3.0]);
        var (_, grads) = AD.ValueAndGrad(xs => Ops.Sum(Product.Invoke(xs[0], xs[1])), [a, b]);

        Assert.Equal([4.0, 9.0], grads[0].ToArray());       // b²
        Assert.Equal([6.0, -3.0], grads[1].ToArray());      // 2ab
    }

    [Fact]
    public void Forward_ReturningItsInput_GivesTheOutputItsOwnState()
    {
        var identity = new CustomFunction("Identity", xs => xs[0], jvp: (xs, y, d) => d[0]);
        var x = Tensor.FromArray([1.0, 2.0]);
        Assert.Equal([1.0, 1.0], AD.Grad(t => Ops.Sum(identity.Invoke(t)), x).ToArray());
    }

    [Fact]
    public void Constructor_WithoutRules_ThrowsNamingTheFunction()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CustomFunction("Mine", xs => xs[0]));
        Assert.Contains("Mine", ex.Message);
    }

    [Fact]
    public void WrongShapeFromJvpRule_ThrowsNamingTheFunctionAndShapes()
    {
        var bad = new CustomFunction("BadShape", xs => Ops.Mul(xs[0], 2.0), jvp: (xs, y, d) => Ops.Sum(d[0]!));
        var ex = Assert.Throws<InvalidOperationException>(() => AD.Jvp(x => bad.Invoke(x), X, V));
        Assert.Contains("BadShape", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    [Fact]
    public void WrongDTypeFromVjpRule_OnTape_ThrowsNamingTheFunctionAndDTypes()
    {
        // Same shape, wrong dtype: used to be accepted silently, leaving a float32 Grad on a float64 parameter.
        var bad = new CustomFunction("BadDType", xs => Ops.Mul(xs[0], 2.0),
            vjp: (xs, y, g, index) => Tensor.FromArray(new float[] { 1f, 1f, 1f }));
        var x = X.Clone();
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var loss = Ops.Sum(bad.Invoke(x));
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("BadDType", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void WrongDTypeFromVjpRule_InGrad_ThrowsNamingTheFunction()
    {
        var bad = new CustomFunction("BadDType", xs => Ops.Mul(xs[0], 2.0),
            vjp: (xs, y, g, index) => Tensor.FromArray(new float[] { 1f, 1f, 1f }));
        var ex = Assert.Throws<InvalidOperationException>(() => AD.Grad(x => Ops.Sum(Ops.Mul(bad.Invoke(x), x)), X));
        Assert.Contains("BadDType", ex.Message);
    }

    [Fact]
    public void NullFromVjpRule_ThrowsNamingTheFunction()
    {
        // Used to surface as a NullReferenceException from inside Backward.
        var bad = new CustomFunction("NullVjp", xs => Ops.Mul(xs[0], 2.0), vjp: (xs, y, g, index) => null!);
        var ex = Assert.Throws<InvalidOperationException>(() => AD.Grad(x => Ops.Sum(bad.Invoke(x)), X));
        Assert.Contains("NullVjp", ex.Message);
        Assert.Equal(3.0, AD.Grad(x => Ops.Sum(Ops.Mul(x, x)), Tensor.FromArray([1.5])).Item()); // the thread still works
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
        {
            Assert.Equal(expected.GetFlat(i), actual.GetFlat(i), 1e-12 * Math.Max(1, Math.Abs(expected.GetFlat(i))));
        }
    }
}
