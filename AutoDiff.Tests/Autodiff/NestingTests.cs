namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// Perturbation confusion (Siskind and Pearlmutter; DiffSharp's TestDerivatives.Nested): the nested derivative
/// d/dx[x · d/dy(x + y)|y=1] at x = 1 is 1, and a confused implementation gives 2. Transforms here do not nest,
/// so the functional form must throw a clear NotSupportedException instead of answering 2.
/// </summary>
public sealed class NestingTests
{
    [Fact]
    public void Grad_InsideGrad_ThrowsNotSupportedWithClearMessage()
    {
        var one = Tensor.Scalar(1.0, DType.Float64);

        var ex = Assert.Throws<NotSupportedException>(() => AD.Grad(
            x => Ops.Mul(x, AD.Grad(y => Ops.Add(x, y), one)),
            one));

        Assert.Contains("AD.ValueAndGrad", ex.Message);
        Assert.Contains("nested", ex.Message);
        Assert.Contains("AD.Hvp", ex.Message);
    }

    [Fact]
    public void Transforms_InsideOtherTransforms_AllThrowNotSupported()
    {
        var one = Tensor.Scalar(1.0, DType.Float64);

        Assert.Throws<NotSupportedException>(() => AD.Jvp(x => AD.Grad(y => Ops.Mul(x, y), one), one, one));
        Assert.Throws<NotSupportedException>(() => AD.Grad(x => AD.Jvp(y => Ops.Mul(x, y), one, one).Tangent, one));
        Assert.Throws<NotSupportedException>(() => AD.Hvp(x => AD.Vjp(y => Ops.Mul(x, y), one, one).Cotangent, one, one));
        Assert.Throws<NotSupportedException>(() => AD.Vjp(x => AD.Hvp(y => Ops.Mul(x, Ops.Mul(y, y)), one, one), one, one));
    }

    [Fact]
    public void Grad_AfterRejectedNesting_WorksAgain()
    {
        var one = Tensor.Scalar(1.0, DType.Float64);
        Assert.Throws<NotSupportedException>(() => AD.Grad(x => AD.Grad(y => Ops.Mul(x, y), one), one));

        // The nesting guard was released: a plain transform on this thread runs.
        var g = AD.Grad(x => Ops.Mul(x, x), Tensor.Scalar(3.0, DType.Float64));
        Assert.Equal(6.0, g.Item());
    }

    [Fact]
    public void Grad_InsideRecordedBackward_IsNotConfused()
    {
        // The everyday outer level (Tape.Record + Backward) around a functional inner level: d/dx[x · d/dy(x + y)] = 1.
        var x = Tensor.Scalar(1.0, DType.Float64);
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var inner = AD.Grad(y => Ops.Add(x, y), Tensor.Scalar(1.0, DType.Float64));
        var outer = Ops.Mul(x, inner);
        outer.Backward();

        Assert.Equal(1.0, inner.Item());
        Assert.Equal(1.0, x.Grad!.Item());
    }

    [Fact]
    public void Grad_FunctionCapturesTrackedLeaf_LeavesItsGradUntouched()
    {
        // AD.Grad differentiates with respect to its argument only; a parameter the function closes over keeps its Grad.
        var w = Tensor.FromArray(new[] { 2.0, -1.0 });
        w.RequiresGrad = true;

        var g = AD.Grad(t => Ops.Sum(Ops.Mul(w, t)), Tensor.FromArray(new[] { 5.0, 7.0 }));

        Assert.Equal(new[] { 2.0, -1.0 }, g.ToArray());
        Assert.Null(w.Grad);
    }

    [Fact]
    public void Hvp_ParametersOverload_OtherCapturedLeafKeepsItsGrad()
    {
        var w = Tensor.FromArray(new[] { 1.0, 2.0 });
        var other = Tensor.FromArray(new[] { 3.0, -1.0 });
        w.RequiresGrad = true;
        other.RequiresGrad = true;

        var hv = AD.Hvp(() => Ops.Sum(Ops.Mul(Ops.Mul(w, w), other)), [w], [Tensor.FromArray(new[] { 1.0, 1.0 })]);

        Assert.Equal(new[] { 6.0, -2.0 }, hv[0].ToArray()); // ∂²/∂w² Σ w²·o = 2o
        Assert.Null(w.Grad);
        Assert.Null(other.Grad);
        Assert.True(other.RequiresGrad);
    }

    [Fact]
    public void Vjp_FunctionCapturesTrackedLeaf_LeavesItsGradUntouched()
    {
        var w = Tensor.FromArray(new[] { 2.0, -1.0 });
        w.RequiresGrad = true;

        var (_, cot) = AD.Vjp(t => Ops.Mul(w, t), Tensor.FromArray(new[] { 5.0, 7.0 }), Tensor.FromArray(new[] { 1.0, 1.0 }));

        Assert.Equal(new[] { 2.0, -1.0 }, cot.ToArray());
        Assert.Null(w.Grad);
    }
}
