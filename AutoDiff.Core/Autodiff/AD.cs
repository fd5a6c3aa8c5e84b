using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// Function transforms in the style of JAX's <c>grad</c>/<c>jvp</c>/<c>vjp</c> and PyTorch's <c>torch.func</c>:
/// each takes a function of tensors and a point, and returns derivatives there. The point is never modified.
/// <para>
/// Transforms do not nest: one tensor carries one tangent and one gradient, so a transform inside another's
/// function would mix the perturbations of the two levels (perturbation confusion) and silently give wrong
/// results. Nesting therefore throws <see cref="NotSupportedException"/>; second derivatives come from
/// <see cref="Hvp(Func{Tensor, Tensor}, Tensor, Tensor)"/> and <see cref="Hessian"/>.
/// </para>
/// </summary>
public static class AD
{
    [ThreadStatic]
    private static int t_depth;

    /// <summary>∇f(x) for a scalar-valued f.</summary>
    public static Tensor Grad(Func<Tensor, Tensor> f, Tensor x) => ValueAndGrad(f, x).Gradient;

    /// <summary>f(x) and ∇f(x) for a scalar-valued f, from one forward and one backward pass.</summary>
    public static (Tensor Value, Tensor Gradient) ValueAndGrad(Func<Tensor, Tensor> f, Tensor x)
    {
        var (value, grads) = ValueAndGrad(xs => f(xs[0]), [x]);
        return (value, grads[0]);
    }

    /// <summary>f(x₁, …, xₙ) and its gradient with respect to each argument, for a scalar-valued f.</summary>
    public static (Tensor Value, Tensor[] Gradients) ValueAndGrad(Func<Tensor[], Tensor> f, Tensor[] xs)
    {
        using var guard = Enter("ValueAndGrad");
        var leaves = Leaves("Grad", xs, tangents: null);
        using var tape = Tape.Record();
        var y = f(leaves);
        RequireScalar("Grad", y);
        using (Isolate(y, leaves))
        {
            y.Backward();
        }

        return (y.Clone(), leaves.Select(l => l.GradSlot?.Clone() ?? Tensor.ZerosLike(l)).ToArray());
    }

    /// <summary>f(x) and the vector-Jacobian product uᵀ·∂f/∂x (u has f(x)'s shape).</summary>
    public static (Tensor Value, Tensor Cotangent) Vjp(Func<Tensor, Tensor> f, Tensor x, Tensor u)
    {
        using var guard = Enter("Vjp");
        var leaf = Leaves("Vjp", [x], tangents: null)[0];
        using var tape = Tape.Record();
        var y = f(leaf);
        if (y.Shape != u.Shape || y.DType != u.DType)
        {
            throw new ArgumentException($"Vjp: the cotangent has shape {u.Shape} ({u.DType}) but f(x) has shape {y.Shape} ({y.DType}).");
        }

        if (y.RequiresGrad)
        {
            using (Isolate(y, [leaf]))
            {
                y.Backward(u);
            }
        }

        return (y.Clone(), leaf.GradSlot?.Clone() ?? Tensor.ZerosLike(x));
    }

    /// <summary>f(x) and the Jacobian-vector product ∂f/∂x·v, by forward mode in one pass.</summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        using var guard = Enter("Jvp");
        var leaf = Leaves("Jvp", [x], [v])[0];
        leaf.RequiresGrad = false;
        var y = f(leaf);
        var tangent = y.Tangent ?? Tensor.ZerosLike(y);
        return (y.Clone(), tangent.Clone());
    }

    /// <summary>
    /// The Hessian-vector product ∇²f(x)·v of a scalar f by forward-over-reverse: x carries the tangent v through
    /// the forward pass and the backward pass, and the tangent of the gradient is H·v. Costs about 2–3 gradients.
    /// </summary>
    public static Tensor Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v) => ValueGradHvp(f, x, v).Hvp;

    /// <summary>f(x), ∇f(x) and ∇²f(x)·v from one forward-over-reverse pass.</summary>
    public static (Tensor Value, Tensor Gradient, Tensor Hvp) ValueGradHvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        using var guard = Enter("Hvp");
        var leaf = Leaves("Hvp", [x], [v])[0];
        using var tape = Tape.Record();
        var y = f(leaf);
        RequireScalar("Hvp", y);
        using (Isolate(y, [leaf]))
        {
            y.Backward();
        }

        var g = leaf.GradSlot;
        return (y.Clone(), g?.Clone() ?? Tensor.ZerosLike(x), g?.Tangent?.Clone() ?? Tensor.ZerosLike(x));
    }

    /// <summary>
    /// Hessian-vector products of a loss with respect to existing parameters (for models): each parameter i
    /// carries tangent v[i] while <paramref name="loss"/> runs forward and backward. Parameters' gradients and
    /// tangents are left as they were. Returns H·v split per parameter.
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

        using var guard = Enter("Hvp");
        for (var i = 0; i < parameters.Count; i++)
        {
            CheckTangent("Hvp", parameters[i], v[i]);
            if (destination[i].Shape != parameters[i].Shape || destination[i].DType != parameters[i].DType)
            {
                throw new ArgumentException($"Hvp: destination {i} has shape {destination[i].Shape} ({destination[i].DType}) but the parameter has {parameters[i].Shape} ({parameters[i].DType}).");
            }
        }

        var saved = new (Tensor? Grad, Tensor? Tangent, bool RequiresGrad)[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            saved[i] = (parameters[i].GradSlot, parameters[i].Tangent, parameters[i].RequiresGrad);
        }

        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                p.GradSlot = null;
                p.Tangent = v[i];
                p.RequiresGrad = true;
                p.ScopedGrad = true;
            }

            using var tape = Tape.Record();
            var y = loss();
            RequireScalar("Hvp", y);
            using (Isolate(y, parameters))
            {
                y.Backward();
            }

            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i].GradSlot?.Tangent is { } hv)
                {
                    destination[i].CopyFrom(hv);
                }
                else
                {
                    destination[i].Fill(0);
                }
            }
        }
        finally
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                p.ScopedGrad = false;
                p.GradSlot = saved[i].Grad;
                p.Tangent = saved[i].Tangent;
                p.RequiresGrad = saved[i].RequiresGrad;
            }
        }
    }

    /// <summary>The Jacobian ∂f/∂x with shape [f(x) shape…, x shape…], one forward-mode pass per input element.</summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        Tensor? jacobian = null;
        for (var j = 0; j < x.Size; j++)
        {
            var (y, column) = Jvp(f, x, Basis(x, j));
            jacobian ??= Tensor.Zeros(new Shape([.. y.Shape, .. x.Shape]), y.DType);
            for (var i = 0; i < y.Size; i++)
            {
                jacobian.SetFlat((i * x.Size) + j, column.GetFlat(i));
            }
        }

        return jacobian ?? Tensor.Zeros(new Shape([.. f(x).Shape, .. x.Shape]), x.DType);
    }

    /// <summary>The dense Hessian of a scalar f, shape [x shape…, x shape…], one HVP per input element (small problems).</summary>
    public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x)
    {
        var n = x.Size;
        var h = Tensor.Zeros(new Shape([.. x.Shape, .. x.Shape]), x.DType);
        for (var j = 0; j < n; j++)
        {
            var column = Hvp(f, x, Basis(x, j));
            for (var i = 0; i < n; i++)
            {
                h.SetFlat((i * n) + j, column.GetFlat(i));
            }
        }

        return h;
    }

    private static Tensor Basis(Tensor x, int j)
    {
        var e = Tensor.ZerosLike(x);
        e.SetFlat(j, 1);
        return e;
    }

    private static Tensor[] Leaves(string op, Tensor[] xs, Tensor[]? tangents)
    {
        var leaves = new Tensor[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            leaves[i] = xs[i].Detach();
            leaves[i].RequiresGrad = true;
            leaves[i].ScopedGrad = true;
            if (tangents is not null)
            {
                CheckTangent(op, xs[i], tangents[i]);
                leaves[i].Tangent = tangents[i];
            }
        }

        return leaves;
    }

    private static void CheckTangent(string op, Tensor x, Tensor v)
    {
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

    /// <summary>
    /// Untracks, until disposed, every tracked leaf that <paramref name="y"/> depends on through its tape other than
    /// <paramref name="targets"/>: a transform differentiates with respect to its arguments only, so the backward
    /// pass neither computes cotangents for tensors the function closes over nor accumulates into their
    /// <see cref="Tensor.Grad"/> (which would confuse an enclosing level's gradient: perturbation confusion).
    /// </summary>
    private static Untracked Isolate(Tensor y, IReadOnlyList<Tensor> targets)
    {
        if (y.Creator is not { } root)
        {
            return default;
        }

        var keep = new HashSet<Tensor>(targets, ReferenceEqualityComparer.Instance);
        var captured = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var visited = new HashSet<int>();
        var stack = new Stack<Node>();
        stack.Push(root);
        visited.Add(root.Index);
        while (stack.Count > 0)
        {
            foreach (var input in stack.Pop().Inputs)
            {
                if (input.Creator is { } creator)
                {
                    if (creator.Tape == root.Tape && visited.Add(creator.Index))
                    {
                        stack.Push(creator);
                    }
                }
                else if (input.RequiresGrad && !keep.Contains(input))
                {
                    captured.Add(input);
                }
            }
        }

        var untracked = captured.ToArray();
        foreach (var t in untracked)
        {
            t.RequiresGrad = false;
        }

        return new Untracked(untracked);
    }

    private static Guard Enter(string op)
    {
        if (t_depth > 0)
        {
            throw new NotSupportedException(
                $"AD.{op}: nested transforms are not supported. One tensor carries one tangent and one gradient, so a transform inside " +
                "another transform's function would confuse the perturbations of the two levels and give wrong derivatives. " +
                "For second derivatives use AD.Hvp, AD.ValueGradHvp or AD.Hessian.");
        }

        t_depth++;
        return default;
    }

    private readonly struct Guard : IDisposable
    {
        public void Dispose() => t_depth--;
    }

    private readonly struct Untracked(Tensor[]? tensors) : IDisposable
    {
        public void Dispose()
        {
            foreach (var t in tensors ?? [])
            {
                t.RequiresGrad = true;
            }
        }
    }
}
