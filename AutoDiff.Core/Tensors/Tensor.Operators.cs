namespace AutoDiff;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);

    /// <summary>Element-wise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div(a, b);

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => Ops.Neg(a);

    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, double s) => Ops.Add(a, s);

    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(double s, Tensor a) => Ops.Add(a, s);

    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, double s) => Ops.Sub(a, s);

    /// <summary>Subtracts from a scalar.</summary>
    public static Tensor operator -(double s, Tensor a) => Ops.Sub(s, a);

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, double s) => Ops.Mul(a, s);

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(double s, Tensor a) => Ops.Mul(a, s);

    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, double s) => Ops.Div(a, s);

    /// <summary>Divides a scalar.</summary>
    public static Tensor operator /(double s, Tensor a) => Ops.Div(s, a);

    /// <summary>The matrix product (see <see cref="Ops.MatMul"/>).</summary>
    public Tensor MatMul(Tensor other, bool transA = false, bool transB = false) => Ops.MatMul(this, other, transA, transB);

    /// <summary>The transpose of the last two axes.</summary>
    public Tensor T => Ops.Transpose(this);

    /// <summary>The sum over the given axes (all when none).</summary>
    public Tensor Sum(params int[] axes) => Ops.Sum(this, axes);

    /// <summary>The mean over the given axes (all when none).</summary>
    public Tensor Mean(params int[] axes) => Ops.Mean(this, axes);

    /// <summary>The maximum over the given axes (all when none).</summary>
    public Tensor Max(params int[] axes) => Ops.Max(this, axes);

    /// <summary>eˣ.</summary>
    public Tensor Exp() => Ops.Exp(this);

    /// <summary>ln x.</summary>
    public Tensor Log() => Ops.Log(this);

    /// <summary>√x.</summary>
    public Tensor Sqrt() => Ops.Sqrt(this);

    /// <summary>|x|.</summary>
    public Tensor Abs() => Ops.Abs(this);

    /// <summary>xᵖ.</summary>
    public Tensor Pow(double p) => Ops.Pow(this, p);

    /// <summary>x².</summary>
    public Tensor Square() => Ops.Square(this);

    /// <summary>tanh x.</summary>
    public Tensor Tanh() => Ops.Tanh(this);

    /// <summary>σ(x).</summary>
    public Tensor Sigmoid() => Ops.Sigmoid(this);

    /// <summary>max(x, 0).</summary>
    public Tensor Relu() => Ops.Relu(this);

    /// <summary>The same elements with a new shape (one dimension may be −1).</summary>
    public Tensor Reshape(params int[] dims) => Ops.Reshape(this, dims);

    /// <summary>The same elements broadcast to a larger shape.</summary>
    public Tensor BroadcastTo(Shape shape) => Ops.BroadcastTo(this, shape);

    /// <summary>
    /// Reverse mode from this scalar: accumulates d(this)/d(leaf) into the <see cref="Grad"/> of every tracked leaf.
    /// The tensor must have been computed inside <c>using var tape = Tape.Record();</c>.
    /// </summary>
    /// <param name="retainGraph">
    /// Keep the graph usable for another backward pass (as PyTorch's <c>retain_graph</c>); without it, a second pass
    /// through the same recorded operations throws instead of silently adding the gradients twice.
    /// </param>
    public void Backward(bool retainGraph = false)
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"Backward: the tensor has shape {Shape}; without an explicit cotangent it must be a scalar (call Backward(cotangent) or reduce it first, e.g. with Sum or Mean).");
        }

        Tape.Backward(this, Tensor.Full(Shape, 1.0, DType), createGraph: false, retainGraph);
    }

    /// <summary>Reverse mode seeded with an explicit cotangent of this tensor's shape (a vector-Jacobian product).</summary>
    /// <param name="cotangent">The seed, with this tensor's shape and dtype.</param>
    /// <param name="createGraph">
    /// Record the backward pass on the tape, so the gradients are themselves differentiable (reverse-over-reverse).
    /// Such gradients are results of recorded operations: like every result, they are released with the tape, so use
    /// them (or <see cref="Clone"/> them) inside its scope.
    /// </param>
    /// <param name="retainGraph">Keep the graph for another backward pass (implied by <paramref name="createGraph"/>).</param>
    public void Backward(Tensor cotangent, bool createGraph = false, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(cotangent);
        Ops.CheckSameShape("Backward", this, cotangent);
        Ops.CheckSameDType("Backward", this, cotangent);
        Tape.Backward(this, cotangent, createGraph, retainGraph || createGraph);
    }
}
