using AutoDiff.Checking;

namespace AutoDiff.Tests.Autodiff;

/// <summary>Bad inputs fail before any work, with the exception type and a message naming the operation and the shapes or dtypes.</summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public void Backward_NonScalarWithoutCotangent_ThrowsNamingShape()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 });
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var y = Ops.Mul(x, x);

        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());

        Assert.Contains("Backward", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("scalar", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Backward_CotangentOfWrongShape_ThrowsNamingBothShapes()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 });
        x.RequiresGrad = true;
        using var tape = Tape.Record();
        var y = Ops.Mul(x, x);

        var ex = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Zeros(new Shape(2), DType.Float64)));

        Assert.Contains("Backward", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void Hvp_DirectionOfWrongShape_ThrowsNamingBothShapes()
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        var v = Tensor.Zeros(new Shape(3, 2), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => AD.Hvp(t => Ops.Sum(Ops.Mul(t, t)), x, v));

        Assert.Contains("Hvp", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void Hvp_DirectionOfWrongDType_ThrowsNamingBothDTypes()
    {
        var x = Tensor.Zeros(new Shape(3), DType.Float64);
        var v = Tensor.Zeros(new Shape(3), DType.Float32);

        var ex = Assert.Throws<ArgumentException>(() => AD.Hvp(t => Ops.Sum(Ops.Mul(t, t)), x, v));

        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
    }

    [Fact]
    public void Grad_NonScalarFunction_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => AD.Grad(t => Ops.Mul(t, t), Tensor.Zeros(new Shape(4), DType.Float64)));

        Assert.Contains("Grad", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void Hessian_NonScalarFunction_ThrowsNamingHessianAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => AD.Hessian(t => Ops.Mul(t, t), Tensor.Zeros(new Shape(3), DType.Float64)));

        Assert.StartsWith("Hessian:", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    [Fact]
    public void GradCheck_Float32Input_ThrowsNamingDTypeAndShape()
    {
        var x = Tensor.Ones(new Shape(2, 2), DType.Float32);

        var ex = Assert.Throws<ArgumentException>(() => GradCheck.Run(t => Ops.Sum(t), x));

        Assert.Contains("GradCheck", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
    }

    [Fact]
    public void Add_MixedDTypes_ThrowsNamingBothDTypes()
    {
        var a = Tensor.Ones(new Shape(2), DType.Float32);
        var b = Tensor.Ones(new Shape(2), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => Ops.Add(a, b));

        Assert.Contains("Add", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
    }

    [Fact]
    public void Mul_ShapesThatDoNotBroadcast_ThrowsNamingOpAndBothShapes()
    {
        var a = Tensor.Ones(new Shape(2, 3), DType.Float64);
        var b = Tensor.Ones(new Shape(4, 3), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => Ops.Mul(a, b));

        Assert.Contains("Mul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
    }

    [Fact]
    public void Add_TrailingAxesDiffer_ThrowsNamingOpAndBothShapes()
    {
        var a = Tensor.Ones(new Shape(3), DType.Float64);
        var b = Tensor.Ones(new Shape(2, 4), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => Ops.Add(a, b));

        Assert.Contains("Add", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void MatMul_InnerDimensionsDiffer_ThrowsNamingBothShapes()
    {
        var a = Tensor.Ones(new Shape(2, 3), DType.Float64);
        var b = Tensor.Ones(new Shape(4, 5), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(a, b));

        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
    }

    [Fact]
    public void MatMul_VectorOfWrongLength_ThrowsNamingMatMul()
    {
        var a = Tensor.Ones(new Shape(2, 3), DType.Float64);
        var v = Tensor.Ones(new Shape(4), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(a, v));

        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void Reshape_WrongSize_ThrowsNamingBothSizes()
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Float64);

        var ex = Assert.Throws<ArgumentException>(() => Ops.Reshape(x, 4, 2));

        Assert.Contains("Reshape", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 2]", ex.Message);
    }

    [Fact]
    public void Backward_WithoutTapeOrTracking_ThrowsExplainingWhat()
    {
        var x = Tensor.Scalar(2.0, DType.Float64);

        var ex = Assert.Throws<InvalidOperationException>(() => Ops.Mul(x, x).Backward());

        Assert.Contains("RequiresGrad", ex.Message);
    }
}
