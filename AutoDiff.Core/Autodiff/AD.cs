using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// Function transforms in the style of JAX's <c>grad</c>/<c>jvp</c>/<c>vjp</c> and PyTorch's <c>torch.func</c>:
/// each takes a function of tensors and a point, and returns derivatives there. The point is never modified.
/// <para>
/// Transforms nest to any depth and in any combination (<c>AD.Grad</c> inside <c>AD.Grad</c>, <c>Jacobian</c> of a
/// <c>Grad</c>, a hypergradient through unrolled optimizer steps, a transform inside <c>Tape.Record()</c>): each call
/// opens its own transform level, keeps its tangents and cotangents at that level, and runs its derivative rules with
/// its level hidden, so the enclosing levels differentiate them. Perturbations of two levels never mix.
/// </para>
/// <para>
/// What a transform returns is never pooled. Called at top level, a transform pools its intermediates in a scope of
/// its own; nested inside a reverse level, they belong to the enclosing scope, since the enclosing backward pass
/// reads them.
/// </para>
/// </summary>
public static partial class AD
{
    /// <summary>∇f(x) for a scalar-valued f.</summary>
    public static Tensor Grad(Func<Tensor, Tensor> f, Tensor x) => ValueAndGrad(f, x).Gradient;

    /// <summary>f(x) and ∇f(x) for a scalar-valued f, from one forward and one backward pass.</summary>
    public static (Tensor Value, Tensor Gradient) ValueAndGrad(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        var (value, grads) = ValueAndGrad(xs => f(xs[0]), [x]);
        return (value, grads[0]);
    }

    /// <summary>f(x₁, …, xₙ) and its gradient with respect to each argument, for a scalar-valued f.</summary>
    public static (Tensor Value, Tensor[] Gradients) ValueAndGrad(Func<Tensor[], Tensor> f, Tensor[] xs)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(xs);
        using var scope = BeginScope();
        Tensor y;
        var grads = new Tensor?[xs.Length];
        var tape = Tape.ForTransform();
        try
        {
            var leaves = new Tensor[xs.Length];
            for (var i = 0; i < xs.Length; i++)
            {
                leaves[i] = Argument(xs[i], tape.Level);
            }

            y = f(leaves);
            RequireScalar("Grad", y);
            tape.Backward(y, Tensor.Full(y.Shape, 1.0, y.DType));
            for (var i = 0; i < xs.Length; i++)
            {
                grads[i] = States.LeafAt(leaves[i], tape.Level)!.Cotangent;
            }
        }
        catch
        {
            tape.AbortTransform();
            throw;
        }

        tape.EndTransform("Grad");

        var gradients = new Tensor[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            gradients[i] = Export(grads[i]) ?? Tensor.ZerosLike(xs[i]);
        }

        return (Export(y)!, gradients);
    }

    /// <summary>f(x) and the vector-Jacobian product uᵀ·∂f/∂x (u has f(x)'s shape).</summary>
    public static (Tensor Value, Tensor Cotangent) Vjp(Func<Tensor, Tensor> f, Tensor x, Tensor u)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(u);
        using var scope = BeginScope();
        Tensor y;
        Tensor? cotangent;
        var tape = Tape.ForTransform();
        try
        {
            var leaf = Argument(x, tape.Level);
            y = f(leaf);
            if (y.Shape != u.Shape || y.DType != u.DType)
            {
                throw new ArgumentException($"Vjp: the cotangent has shape {u.Shape} ({u.DType}) but f(x) has shape {y.Shape} ({y.DType}).");
            }

            tape.Backward(y, u);
            cotangent = States.LeafAt(leaf, tape.Level)!.Cotangent;
        }
        catch
        {
            tape.AbortTransform();
            throw;
        }

        tape.EndTransform("Vjp");

        return (Export(y)!, Export(cotangent) ?? Tensor.ZerosLike(x));
    }

    /// <summary>f(x) and the Jacobian-vector product ∂f/∂x·v, by forward mode in one pass.</summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Jvp(xs => f(xs[0]), [x], [v]);
    }

    /// <summary>
    /// f(x₁, …, xₙ) and its directional derivative Σᵢ ∂f/∂xᵢ·vᵢ, by forward mode in one pass (a null vᵢ is zero).
    /// </summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor[], Tensor> f, Tensor[] xs, Tensor?[] vs)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(vs);
        if (xs.Length != vs.Length)
        {
            throw new ArgumentException($"Jvp: {xs.Length} arguments but {vs.Length} directions; they must match.");
        }

        Tensor y;
        Tensor? tangent;
        var buffers = BufferScope.Current;
        var level = Levels.Open(null, tracksRequiresGrad: false);
        try
        {
            var leaves = new Tensor[xs.Length];
            for (var i = 0; i < xs.Length; i++)
            {
                leaves[i] = Ops.View(xs[i]);
                if (vs[i] is { } v)
                {
                    CheckTangent("Jvp", xs[i], v);
                    States.Add(leaves[i], new TangentEntry(level, v));
                }
            }

            y = f(leaves);
            tangent = States.Tangent(y, level);
        }
        catch
        {
            Tape.AbortTransform(level, buffers);
            throw;
        }

        Tape.EndTransform(level, buffers, "Jvp");

        return (Export(y)!, Export(tangent) ?? Tensor.ZerosLike(y));
    }

    /// <summary>
    /// The Hessian-vector product ∇²f(x)·v of a scalar f by forward-over-reverse: x carries the tangent v through
    /// the forward pass and the backward pass, and the tangent of the gradient is H·v. Costs about 2–3 gradients.
    /// </summary>
    public static Tensor Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v) => ValueGradHvp(f, x, v).Hvp;

    /// <summary>f(x), ∇f(x) and ∇²f(x)·v from one forward-over-reverse pass.</summary>
    public static (Tensor Value, Tensor Gradient, Tensor Hvp) ValueGradHvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
        => ValueGradHvp("Hvp", f, x, v);

    /// <summary><see cref="ValueGradHvp(Func{Tensor, Tensor}, Tensor, Tensor)"/>, with errors naming <paramref name="op"/> (Hessian calls it).</summary>
    private static (Tensor Value, Tensor Gradient, Tensor Hvp) ValueGradHvp(string op, Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckTangent(op, x, v);
        using var scope = BeginScope();
        Tensor y;
        Tensor? g;
        Tensor? hv;
        var buffers = BufferScope.Current;
        var forward = Levels.Open(null, tracksRequiresGrad: false);
        try
        {
            var leaf = Ops.View(x);
            States.Add(leaf, new TangentEntry(forward, v));
            var tape = Tape.ForTransform();
            try
            {
                States.Add(leaf, new LeafEntry(tape.Level));
                y = f(leaf);
                RequireScalar(op, y);
                tape.Backward(y, Tensor.Full(y.Shape, 1.0, y.DType));
                g = States.LeafAt(leaf, tape.Level)!.Cotangent;
            }
            catch
            {
                tape.AbortTransform();
                throw;
            }

            tape.EndTransform(op);
            hv = g is null ? null : States.Tangent(g, forward);
        }
        catch
        {
            Tape.AbortTransform(forward, buffers);
            throw;
        }

        Levels.Close(forward);

        return (Export(y)!, Export(g) ?? Tensor.ZerosLike(x), Export(hv) ?? Tensor.ZerosLike(x));
    }

    /// <summary>
    /// Hessian-vector products of a loss with respect to existing parameters (for models): each parameter i
    /// carries tangent v[i] while <paramref name="loss"/> runs forward and backward. Parameters' gradients are left
    /// as they were. Returns H·v split per parameter.
    /// </summary>
    public static Tensor[] Hvp(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> v)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var result = parameters.Select(Tensor.ZerosLike).ToArray();
        Hvp(loss, parameters, v, result);
        return result;
    }

    /// <summary>
    /// Like <see cref="Hvp(Func{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/>, but writes H·v into
    /// <paramref name="destination"/> (one tensor per parameter, same shapes and dtypes). Everything else lives
    /// in pooled buffers, so repeated products (Lanczos, Newton-CG) allocate almost nothing.
    /// </summary>
    public static void Hvp(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> v, IReadOnlyList<Tensor> destination)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(destination);
        if (parameters.Count != v.Count || parameters.Count != destination.Count)
        {
            throw new ArgumentException($"Hvp: {parameters.Count} parameters, {v.Count} tangent tensors and {destination.Count} destinations; they must match.");
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            CheckTangent("Hvp", parameters[i], v[i]);
            for (var j = 0; j < i; j++)
            {
                if (ReferenceEquals(parameters[j], parameters[i]))
                {
                    // Each would carry its own tangent and cotangent on one tensor: the products would be silently wrong.
                    throw new ArgumentException($"Hvp: parameters {j} and {i} are the same tensor (shape {parameters[i].Shape}); pass each parameter once.");
                }
            }

            if (destination[i].Shape != parameters[i].Shape || destination[i].DType != parameters[i].DType)
            {
                throw new ArgumentException($"Hvp: destination {i} has shape {destination[i].Shape} ({destination[i].DType}) but the parameter has {parameters[i].Shape} ({parameters[i].DType}).");
            }
        }

        using var scope = BeginScope();
        var tangents = new TangentEntry[parameters.Count];
        var leaves = new LeafEntry[parameters.Count];
        var buffers = BufferScope.Current;
        var forward = Levels.Open(null, tracksRequiresGrad: false);
        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                tangents[i] = new TangentEntry(forward, v[i]);
                States.Add(parameters[i], tangents[i]);
            }

            var tape = Tape.ForTransform();
            try
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    leaves[i] = new LeafEntry(tape.Level);
                    States.Add(parameters[i], leaves[i]);
                }

                var y = loss();
                RequireScalar("Hvp", y);
                tape.Backward(y, Tensor.Full(y.Shape, 1.0, y.DType));
                for (var i = 0; i < parameters.Count; i++)
                {
                    if (leaves[i].Cotangent is { } g && States.Tangent(g, forward) is { } hv)
                    {
                        destination[i].CopyFrom(hv);
                    }
                    else
                    {
                        destination[i].Fill(0);
                    }
                }
            }
            catch
            {
                tape.AbortTransform();
                throw;
            }

            tape.EndTransform("Hvp");
        }
        finally
        {
            Tape.AbortTransform(forward, buffers);
            for (var i = 0; i < parameters.Count; i++)
            {
                if (leaves[i] is not null)
                {
                    States.Remove(parameters[i], leaves[i]);
                }

                if (tangents[i] is not null)
                {
                    States.Remove(parameters[i], tangents[i]);
                }
            }
        }
    }

    /// <summary>The Jacobian ∂f/∂x with shape [f(x) shape…, x shape…], one forward-mode pass per input element.</summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Size == 0)
        {
            return Tensor.Zeros(new Shape([.. f(x).Shape, .. x.Shape]), x.DType);
        }

        var columns = new Tensor[x.Size];
        var yShape = Shape.Scalar;
        for (var j = 0; j < x.Size; j++)
        {
            var (y, column) = Jvp(f, x, Basis(x, j));
            yShape = y.Shape;
            columns[j] = column;
        }

        // Stacked with ops, not written element by element, so an enclosing level differentiates the Jacobian too.
        return Export(Ops.Reshape(Ops.Stack(columns, yShape.Rank), new Shape([.. yShape, .. x.Shape])))!;
    }

    /// <summary>The dense Hessian of a scalar f, shape [x shape…, x shape…], one HVP per input element (small problems).</summary>
    public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Size;
        if (n == 0)
        {
            return Tensor.Zeros(new Shape([.. x.Shape, .. x.Shape]), x.DType);
        }

        var columns = new Tensor[n];
        for (var j = 0; j < n; j++)
        {
            columns[j] = ValueGradHvp("Hessian", f, x, Basis(x, j)).Hvp;
        }

        return Export(Ops.Reshape(Ops.Stack(columns, x.Rank), new Shape([.. x.Shape, .. x.Shape])))!;
    }

    private static Tensor Basis(Tensor x, int j)
    {
        var e = Tensor.ZerosLike(x);
        e.SetFlat(j, 1);
        return e;
    }

    /// <summary>A transform's argument: a view of x that the enclosing levels see as x, marked as tracked at <paramref name="level"/>.</summary>
    private static Tensor Argument(Tensor x, Level level)
    {
        ArgumentNullException.ThrowIfNull(x);
        var leaf = Ops.View(x);
        States.Add(leaf, new LeafEntry(level));
        return leaf;
    }

    /// <summary>
    /// A result for the caller, never pooled: a plain copy, or, when it still carries state at enclosing levels,
    /// a copy those levels differentiate through.
    /// </summary>
    private static Tensor? Export(Tensor? t)
        => t is null ? null : States.HasOpenLevelState(t) ? Ops.Copy(t) : t.Clone();

    /// <summary>
    /// A buffer scope for the transform's intermediates, unless a reverse level encloses it: that level's backward
    /// pass reads them later, so they must live as long as its own scope.
    /// </summary>
    private static BufferScope? BeginScope() => Levels.AnyReverseOpen() ? null : BufferScope.Begin();

    private static void CheckTangent(string op, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        if (v.Shape != x.Shape || v.DType != x.DType)
        {
            throw new ArgumentException($"{op}: the direction v has shape {v.Shape} ({v.DType}) but x has shape {x.Shape} ({x.DType}); they must match.");
        }
    }

    private static void RequireScalar(string op, Tensor y)
    {
        if (y.Size != 1)
        {
            throw new ArgumentException($"{op}: f must return a scalar, but returned shape {y.Shape}; reduce it (Sum, Mean) or use Vjp/Jacobian.");
        }
    }
}
