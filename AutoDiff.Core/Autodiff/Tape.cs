using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// Records the primitives applied to tracked tensors on this thread, so that <c>Backward</c> can walk them in
/// reverse. Open one with <c>using var tape = Tape.Record();</c>; each thread has its own current tape, so two
/// models can train on two threads at once. Tapes nest: the innermost records.
/// <para>
/// A tape is also a <see cref="BufferScope"/>: the results of operations run while it is open borrow pooled
/// buffers, returned when it is disposed, so a steady-state training step allocates almost nothing. Such a
/// result is released with the tape (reading it afterwards throws); read the loss with <c>Item()</c> inside the
/// scope, or keep a <c>Clone()</c>. Gradients accumulated into <see cref="Tensor.GradSlot"/> are not pooled.
/// </para>
/// </summary>
public sealed class Tape : IDisposable
{
    [ThreadStatic]
    private static Tape? t_current;

    [ThreadStatic]
    private static ScopeStack t_noGrad;

    [ThreadStatic]
    private static int t_noRecordDepth;

    [ThreadStatic]
    private static int t_resumeDepth;

    [ThreadStatic]
    private static int t_noTangentDepth;

    [ThreadStatic]
    private static List<Node>? t_spareNodes;

    private readonly List<Node> _nodes;
    private readonly Tape? _previous;
    private readonly int _threadId;
    private readonly BufferScope _buffers;

    private Tape(Tape? previous)
    {
        _previous = previous;
        _threadId = Environment.CurrentManagedThreadId;

        // The node list of the last tape disposed on this thread, so a training loop does not regrow one per step.
        _nodes = t_spareNodes ?? new List<Node>();
        t_spareNodes = null;
        _buffers = BufferScope.Begin();
    }

    /// <summary>The tape recording on this thread, if any.</summary>
    public static Tape? Current => t_current;

    /// <summary>Whether operations on tracked tensors are being recorded on this thread now.</summary>
    public static bool IsRecording => t_current is not null && t_noRecordDepth == 0 && (t_noGrad.Depth == 0 || t_resumeDepth > 0);

    internal static bool TangentsEnabled => t_noTangentDepth == 0;

    /// <summary>The number of recorded operations.</summary>
    public int Count => IsDisposed ? 0 : _nodes.Count;

    /// <summary>Whether this tape was disposed (its records are gone).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Starts recording on this thread until the returned tape is disposed.</summary>
    public static Tape Record()
    {
        var tape = new Tape(t_current);
        t_current = tape;
        return tape;
    }

    /// <summary>
    /// Suspends recording (like <c>torch.no_grad()</c>) until the returned scope is disposed. Disposing the scope
    /// twice does nothing; disposing it while a NoGrad scope opened inside it is still open throws.
    /// </summary>
    public static Scope NoGrad() => new(t_noGrad.Push());

    /// <summary>Suspends both recording and tangent propagation: how JVP rules run.</summary>
    internal static SuspendScope Suspend(bool tangents = true)
    {
        t_noRecordDepth++;
        var t = tangents ? 1 : 0;
        t_noTangentDepth += t;
        return new SuspendScope(-1, t);
    }

    internal static SuspendScope ResumeRecording()
    {
        var depth = t_noRecordDepth;
        t_noRecordDepth = 0;
        t_resumeDepth++;
        return new SuspendScope(depth, 1);
    }

    /// <summary>Ends a scope opened by <see cref="NoGrad"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ScopeToken _token;

        internal Scope(ScopeToken token) => _token = token;

        /// <summary>Resumes recording (unless an outer NoGrad scope is still open); a second call does nothing.</summary>
        public void Dispose() => t_noGrad.Pop(_token, "Tape.NoGrad");
    }

    /// <summary>Ends an internal suspension of recording and tangents, or a resumption of recording.</summary>
    internal readonly struct SuspendScope(int restoreDepth, int count) : IDisposable
    {
        public void Dispose()
        {
            if (restoreDepth >= 0)
            {
                t_noRecordDepth = restoreDepth;
                t_resumeDepth -= count;
                return;
            }

            t_noRecordDepth--;
            t_noTangentDepth -= count;
        }
    }

    internal Node Add(Primitive primitive, Tensor[] inputs, Tensor output)
    {
        var node = new Node(this, _nodes.Count, primitive, inputs, output);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Stops recording and releases the records. Tensors it produced keep their values.</summary>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        if (t_current != this)
        {
            throw new InvalidOperationException(
                Environment.CurrentManagedThreadId != _threadId
                    ? "Tape.Dispose: a tape must be disposed on the thread that opened it."
                    : "Tape.Dispose: tapes must be disposed in reverse order of opening (an inner tape is still open).");
        }

        _buffers.Dispose();
        t_current = _previous;
        IsDisposed = true;
        _nodes.Clear();
        t_spareNodes = _nodes;
    }

    /// <summary>
    /// Reverse pass from <paramref name="root"/> seeded with <paramref name="seed"/>: applies each recorded VJP rule
    /// whose output received a cotangent, computing cotangents only for tracked inputs, and accumulates them into
    /// the <see cref="Tensor.GradSlot"/> of tracked leaves. Tangents ride along, so leaf gradients carry H·v.
    /// </summary>
    internal static void Backward(Tensor root, Tensor seed, bool createGraph, bool retainGraph)
    {
        if (root.Creator is null)
        {
            if (!root.RequiresGrad)
            {
                throw new InvalidOperationException("Backward: the tensor does not require grad and was not produced by a recorded operation; " +
                    "set RequiresGrad on the parameters and run the forward pass inside `using var tape = Tape.Record();`.");
            }

            AccumulateLeaf(root, seed);
            return;
        }

        var tape = root.Creator.Tape;
        if (tape.IsDisposed)
        {
            throw new InvalidOperationException("Backward: the tape that recorded this tensor was disposed; call Backward inside its `using` scope.");
        }

        using var recording = createGraph ? ResumeRecording() : Suspend(tangents: false);
        root.PendingCotangent = seed;
        try
        {
            tape.Walk(root.Creator.Index, retainGraph);
        }
        catch
        {
            // Leave no half-accumulated cotangent behind for a later pass to pick up.
            for (var i = root.Creator.Index; i >= 0; i--)
            {
                tape._nodes[i].Output.PendingCotangent = null;
            }

            throw;
        }
    }

    private void Walk(int from, bool retainGraph)
    {
        var tape = this;
        for (var i = from; i >= 0; i--)
        {
            var node = tape._nodes[i];
            var g = node.Output.PendingCotangent;
            if (g is null)
            {
                continue;
            }

            if (node.Consumed)
            {
                throw new InvalidOperationException(
                    $"Backward: the graph through {node.Primitive.Name} (output shape {node.Output.Shape}) was already walked by an earlier Backward, " +
                    "and walking it again would add the same gradients twice. Pass retainGraph: true to the earlier Backward call to walk it again, " +
                    "or record the forward pass again.");
            }

            node.Consumed = !retainGraph;

            node.Output.PendingCotangent = null;
            var inputs = node.Inputs;
            for (var k = 0; k < inputs.Length; k++)
            {
                var input = inputs[k];
                if (!input.RequiresGrad || (input.Creator is { } creator && creator.Tape != tape))
                {
                    // Untracked, or recorded on an outer tape: this pass stops at its own tape's boundary.
                    continue;
                }

                if (input.ScopedGrad && input.IsLeaf && node.Primitive.AccumulatesVjp && g.Creator is null && !IsRecording && !Anomaly.Enabled)
                {
                    AccumulateIntoLeaf(node, g, k, input);
                    continue;
                }

                Tensor gi;
                if (Anomaly.Enabled)
                {
                    // Blame a non-finite cotangent on this primitive, not on an operation inside its rule.
                    using (Anomaly.InRule())
                    {
                        gi = node.Primitive.Vjp(inputs, node.Output, g, k);
                    }
                }
                else
                {
                    gi = node.Primitive.Vjp(inputs, node.Output, g, k);
                }

                if (gi.Shape != input.Shape)
                {
                    throw new InvalidOperationException($"Backward: {node.Primitive.Name} gave a cotangent of shape {gi.Shape} for an input of shape {input.Shape}.");
                }

                if (Anomaly.Enabled)
                {
                    Anomaly.Check("cotangent", node.Primitive, gi, inputs);
                }

                if (input.IsLeaf)
                {
                    AccumulateLeaf(input, gi);
                }
                else
                {
                    input.PendingCotangent = input.PendingCotangent is null ? gi : Ops.Add(input.PendingCotangent, gi);
                }
            }
        }
    }

    private static void AccumulateLeaf(Tensor leaf, Tensor g)
    {
        if (leaf.ScopedGrad && g.Creator is null)
        {
            // A transform's own leaf: its gradient is only read, and copied out, before the tape ends. Adopt the
            // first g without a copy; add later ones into a buffer of the leaf's own, so a cotangent that another
            // branch of the graph shares is never written to.
            if (leaf.GradSlot is null)
            {
                leaf.GradSlot = g;
                leaf.OwnsScopedGrad = false;
            }
            else
            {
                AddInPlace(OwnedScopedGrad(leaf, withTangent: g.Tangent is not null), g);
            }

            return;
        }

        if (leaf.GradSlot is null)
        {
            // Copy: g may be shared with another branch of the graph, and Grad is updated in place later.
            var copy = g.Creator is null ? g.Clone() : g;
            if (g.Creator is null && g.Tangent is not null)
            {
                copy.Tangent = g.Tangent.Clone();
            }

            leaf.GradSlot = copy;
            return;
        }

        if (leaf.GradSlot.Creator is not null || g.Creator is not null)
        {
            // Higher-order use (createGraph): keep the sum differentiable instead of mutating in place.
            leaf.GradSlot = Ops.Add(leaf.GradSlot, g);
            return;
        }

        AddInPlace(leaf.GradSlot, g);
    }

    /// <summary>grad += g and its tangent += g's tangent, in place on buffers the leaf owns.</summary>
    private static void AddInPlace(Tensor grad, Tensor g)
    {
        TensorMath.AddInPlace(grad, g);
        if (g.Tangent is not null)
        {
            if (grad.Tangent is null)
            {
                grad.Tangent = g.Tangent.Clone();
            }
            else
            {
                TensorMath.AddInPlace(grad.Tangent, g.Tangent);
            }
        }
    }

    /// <summary>
    /// Lets the node's primitive add its cotangent straight into a transform leaf's gradient (see
    /// <see cref="Primitive.AccumulateVjp"/>), first making that gradient a zeroed buffer the leaf owns.
    /// </summary>
    private static void AccumulateIntoLeaf(Node node, Tensor g, int index, Tensor leaf)
        => node.Primitive.AccumulateVjp(node.Inputs, g, index, OwnedScopedGrad(leaf, withTangent: g.Tangent is not null));

    /// <summary>
    /// The transform leaf's gradient as a buffer of the current scope that the leaf owns and may add into (zero
    /// when it had none), with a tangent when <paramref name="withTangent"/> or when the gradient has one: the
    /// gradient itself when it already is such a buffer, else a copy of it.
    /// </summary>
    private static Tensor OwnedScopedGrad(Tensor leaf, bool withTangent)
    {
        var grad = leaf.GradSlot;
        if (grad is not null && leaf.OwnsScopedGrad && (!withTangent || grad.Tangent is not null))
        {
            return grad;
        }

        var owned = grad is null ? Tensor.EmptyZeroed(leaf.Shape, leaf.DType) : TensorMath.Copy(grad);
        if (grad?.Tangent is { } tangent)
        {
            owned.Tangent = TensorMath.Copy(tangent);
        }
        else if (withTangent)
        {
            owned.Tangent = Tensor.EmptyZeroed(leaf.Shape, leaf.DType);
        }

        leaf.GradSlot = owned;
        leaf.OwnsScopedGrad = true;
        return owned;
    }
}
