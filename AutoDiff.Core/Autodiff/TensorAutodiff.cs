using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// The differentiation members of <see cref="Tensor"/>: <c>RequiresGrad</c>, <c>Grad</c>, <c>Backward</c>,
/// <c>ZeroGrad</c>, the arithmetic operators and the method forms of <see cref="Ops"/>. They live in the autodiff
/// layer as extension members, so the tensor itself stores values, shape and dtype and knows nothing of tapes;
/// <c>using AutoDiff;</c> brings them into scope.
/// </summary>
public static class TensorAutodiff
{
    /// <param name="tensor">The tensor.</param>
    extension(Tensor tensor)
    {
        /// <summary>
        /// Whether reverse mode tracks this tensor. Set it on a leaf (a parameter or an input you differentiate
        /// with respect to); results of recorded operations have it set automatically.
        /// </summary>
        public bool RequiresGrad
        {
            get => States.RequiresGrad(tensor);
            set
            {
                if (!value && States.HasNode(tensor))
                {
                    throw new InvalidOperationException("RequiresGrad: a recorded result cannot be untracked; use Detach() for an untracked copy.");
                }

                if (value || States.Grad(tensor) is not null)
                {
                    States.GetOrAddGrad(tensor).RequiresGrad = value;
                }
            }
        }

        /// <summary>Whether this tensor was created by the user rather than by a recorded operation.</summary>
        public bool IsLeaf => !States.HasNode(tensor);

        /// <summary>
        /// The accumulated gradient of the last <c>Backward</c> calls (null until one reaches this tensor). It must have
        /// this tensor's shape and dtype. Assigning an operation's result made inside a <see cref="Tape"/> or
        /// <see cref="BufferScope"/> (such as <c>p.Grad = Ops.Mul(p.Grad, s)</c> to clip) stores a copy, since that result
        /// goes back to the pool with its scope and the next backward pass adds into the gradient in place.
        /// </summary>
        public Tensor? Grad
        {
            get => States.Grad(tensor)?.Read();
            set
            {
                if (value is null)
                {
                    if (States.Grad(tensor) is { } state)
                    {
                        state.Grad = null;
                    }

                    return;
                }

                if (value.Shape != tensor.Shape || value.DType != tensor.DType)
                {
                    throw new ArgumentException(
                        $"Grad: the gradient has shape {value.Shape} ({value.DType}) but the tensor{(tensor.Name is null ? "" : $" '{tensor.Name}'")} " +
                        $"has shape {tensor.Shape} ({tensor.DType}); they must match.");
                }

                var gs = States.GetOrAddGrad(tensor);
                if (value.IsPooled && !States.HasOpenLevelState(value))
                {
                    var own = gs.Grad is { IsPooled: false } g && !ReferenceEquals(g, value) && !States.HasOpenLevelState(g) ? g : Tensor.Allocate(tensor.Shape, tensor.DType);
                    own.CopyFrom(value);
                    value = own;
                }

                gs.Grad = value;
            }
        }

        /// <summary>
        /// The tangent this tensor carries at the innermost forward-mode level visible now (inside <see cref="AD.Jvp(Func{Tensor, Tensor}, Tensor, Tensor)"/>
        /// or <see cref="AD.Hvp(Func{Tensor, Tensor}, Tensor, Tensor)"/>); null means zero and costs nothing.
        /// </summary>
        public Tensor? Tangent => States.VisibleTangent(tensor);

        /// <summary>
        /// Clears <c>Grad</c> to zero, keeping its buffer for the next backward pass. The buffer is only marked: the next
        /// backward pass writes the gradient over it instead of adding to it, and reading <c>Grad</c> first zeroes it, so
        /// code that reads <c>Grad</c> sees zeros; a reference to the tensor kept from before still shows the old values.
        /// </summary>
        public void ZeroGrad()
        {
            if (States.Grad(tensor) is { Grad: { } g } state)
            {
                if (States.HasOpenLevelState(g) || g.IsReleased)
                {
                    state.Grad = null;
                }
                else
                {
                    g.AutodiffState = null;
                    state.MarkZero();
                }
            }
        }

        /// <summary>
        /// Reverse mode from this scalar: accumulates d(this)/d(leaf) into the <c>Grad</c> of every tracked leaf.
        /// The tensor must have been computed inside <c>using var tape = Tape.Record();</c>.
        /// </summary>
        /// <param name="retainGraph">
        /// Keep the graph usable for another backward pass (as PyTorch's <c>retain_graph</c>); without it, a second pass
        /// through the same recorded operations throws instead of silently adding the gradients twice.
        /// </param>
        public void Backward(bool retainGraph = false)
        {
            if (tensor.Size != 1)
            {
                throw new InvalidOperationException(
                    $"Backward: the tensor has shape {tensor.Shape}; without an explicit cotangent it must be a scalar (call Backward(cotangent) or reduce it first, e.g. with Sum or Mean).");
            }

            Tape.Backward(tensor, Tensor.Full(tensor.Shape, 1.0, tensor.DType), createGraph: false, retainGraph);
        }

        /// <summary>Reverse mode seeded with an explicit cotangent of this tensor's shape (a vector-Jacobian product).</summary>
        /// <param name="cotangent">The seed, with this tensor's shape and dtype.</param>
        /// <param name="createGraph">
        /// Record the backward pass on the tape, so the gradients are themselves differentiable (reverse-over-reverse).
        /// Such gradients are results of recorded operations: like every result, they are released with the tape, so use
        /// them (or <see cref="Tensor.Clone"/> them) inside its scope.
        /// </param>
        /// <param name="retainGraph">Keep the graph for another backward pass (implied by <paramref name="createGraph"/>).</param>
        public void Backward(Tensor cotangent, bool createGraph = false, bool retainGraph = false)
        {
            ArgumentNullException.ThrowIfNull(cotangent);
            TensorChecks.SameShape("Backward", tensor, cotangent);
            TensorChecks.SameDType("Backward", tensor, cotangent);
            Tape.Backward(tensor, cotangent, createGraph, retainGraph || createGraph);
        }

        /// <summary>A copy converted to <paramref name="dtype"/> (this tensor itself when it already has it); differentiable.</summary>
        public Tensor To(DType dtype) => dtype == tensor.DType ? tensor : Ops.Cast(tensor, dtype);

        /// <summary>The matrix product (see <see cref="Ops.MatMul"/>).</summary>
        public Tensor MatMul(Tensor other, bool transA = false, bool transB = false) => Ops.MatMul(tensor, other, transA, transB);

        /// <summary>The transpose of the last two axes.</summary>
        public Tensor T => Ops.Transpose(tensor);

        /// <summary>The sum over the given axes (all when none).</summary>
        public Tensor Sum(params int[] axes) => Ops.Sum(tensor, axes);

        /// <summary>The mean over the given axes (all when none).</summary>
        public Tensor Mean(params int[] axes) => Ops.Mean(tensor, axes);

        /// <summary>The maximum over the given axes (all when none).</summary>
        public Tensor Max(params int[] axes) => Ops.Max(tensor, axes);

        /// <summary>eˣ.</summary>
        public Tensor Exp() => Ops.Exp(tensor);

        /// <summary>ln x.</summary>
        public Tensor Log() => Ops.Log(tensor);

        /// <summary>√x.</summary>
        public Tensor Sqrt() => Ops.Sqrt(tensor);

        /// <summary>|x|.</summary>
        public Tensor Abs() => Ops.Abs(tensor);

        /// <summary>xᵖ.</summary>
        public Tensor Pow(double p) => Ops.Pow(tensor, p);

        /// <summary>x².</summary>
        public Tensor Square() => Ops.Square(tensor);

        /// <summary>tanh x.</summary>
        public Tensor Tanh() => Ops.Tanh(tensor);

        /// <summary>σ(x).</summary>
        public Tensor Sigmoid() => Ops.Sigmoid(tensor);

        /// <summary>max(x, 0).</summary>
        public Tensor Relu() => Ops.Relu(tensor);

        /// <summary>The same elements with a new shape (one dimension may be −1).</summary>
        public Tensor Reshape(params int[] dims) => Ops.Reshape(tensor, dims);

        /// <summary>The same elements broadcast to a larger shape.</summary>
        public Tensor BroadcastTo(Shape shape) => Ops.BroadcastTo(tensor, shape);
    }

    extension(Tensor)
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
    }
}
