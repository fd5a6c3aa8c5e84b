using AutoDiff.Autodiff;

namespace AutoDiff;

/// <summary>
/// Records the primitives applied to tracked tensors on this thread, so that <c>Backward</c> can walk them in
/// reverse. Open one with <c>using var tape = Tape.Record();</c>; each thread has its own current tape, so two
/// models can train on two threads at once. Tapes nest: the innermost records.
/// <para>
/// A tape is one reverse-mode level: the transforms of <see cref="AD"/> open levels of their own inside and outside
/// it, and each level keeps its own tangents and cotangents, so a gradient taken inside a recorded computation is
/// itself differentiated correctly (no perturbation confusion).
/// </para>
/// <para>
/// A tape is also a <see cref="BufferScope"/>: the results of operations run while it is open borrow pooled
/// buffers, returned when it is disposed, so a steady-state training step allocates almost nothing. Such a
/// result is released with the tape (reading it afterwards throws); read the loss with <c>Item()</c> inside the
/// scope, or keep a <c>Clone()</c>. Gradients accumulated into <c>Grad</c> are not pooled.
/// </para>
/// </summary>
public sealed class Tape : IDisposable
{
    [ThreadStatic]
    private static Tape? t_current;

    [ThreadStatic]
    private static ScopeStack t_noGrad;

    [ThreadStatic]
    private static List<Node>? t_spareNodes;

    private readonly List<Node> _nodes;
    private readonly Tape? _previous;
    private readonly int _threadId;
    private readonly BufferScope? _buffers;

    // The innermost buffer scope when this tape began recording (its own, for a user tape): what a transform unwinds to.
    private readonly BufferScope? _innerBuffers;

    private Tape(bool user)
    {
        _threadId = Environment.CurrentManagedThreadId;

        // The node list of the last tape disposed on this thread, so a training loop does not regrow one per step.
        _nodes = t_spareNodes ?? new List<Node>();
        t_spareNodes = null;
        if (user)
        {
            _previous = t_current;
            _buffers = BufferScope.Begin();
        }

        _innerBuffers = BufferScope.Current;
        Level = Levels.Open(this, tracksRequiresGrad: user);
    }

    /// <summary>The tape opened by <see cref="Record"/> that records on this thread now, if any.</summary>
    public static Tape? Current => t_current;

    /// <summary>Whether operations on tracked tensors are being recorded on this thread now (by any tape or transform).</summary>
    public static bool IsRecording
    {
        get
        {
            for (var l = Levels.Top; l is not null; l = Levels.VisibleFrom(l.Outer))
            {
                if (l.IsReverse)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The number of recorded operations.</summary>
    public int Count => IsDisposed ? 0 : _nodes.Count;

    /// <summary>Whether this tape was disposed (its records are gone).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>The recorded nodes, oldest first (for tests that inspect what was recorded).</summary>
    internal IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>The reverse level this tape records for.</summary>
    internal Level Level { get; }

    /// <summary>Starts recording on this thread until the returned tape is disposed.</summary>
    public static Tape Record()
    {
        var tape = new Tape(user: true);
        t_current = tape;
        return tape;
    }

    /// <summary>A transform's tape: it tracks only the arguments the transform marks, and pools nothing itself.</summary>
    internal static Tape ForTransform() => new(user: false);

    /// <summary>
    /// Suspends recording by the tapes and transforms open now (like <c>torch.no_grad()</c>) until the returned scope is
    /// disposed; tangents still flow, and a transform called inside the scope still differentiates its own function.
    /// Disposing the scope twice does nothing; disposing it while a NoGrad scope opened inside it is still open throws.
    /// </summary>
    public static Scope NoGrad()
    {
        var token = t_noGrad.Push();
        return new Scope(token, Levels.EnterNoGrad());
    }

    /// <summary>Ends a scope opened by <see cref="NoGrad"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ScopeToken _token;
        private readonly long _previousBound;

        internal Scope(ScopeToken token, long previousBound)
        {
            _token = token;
            _previousBound = previousBound;
        }

        /// <summary>Resumes recording (unless an outer NoGrad scope is still open); a second call does nothing.</summary>
        public void Dispose()
        {
            if (t_noGrad.Pop(_token, "Tape.NoGrad"))
            {
                Levels.ExitNoGrad(_previousBound);
            }
        }
    }

    internal Node Add(Primitive primitive, Tensor[] inputs, Tensor output)
    {
        var node = new Node(Level, _nodes.Count, primitive, inputs, output);
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

        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException("Tape.Dispose: a tape must be disposed on the thread that opened it.");
        }

        if (Levels.Innermost != Level || (_buffers is not null && BufferScope.Current != _buffers))
        {
            throw new InvalidOperationException("Tape.Dispose: tapes must be disposed in reverse order of opening (an inner tape, transform or BufferScope is still open).");
        }

        Levels.Close(Level);
        if (_buffers is not null)
        {
            _buffers.Dispose();
            t_current = _previous;
        }

        IsDisposed = true;
        _nodes.Clear();
        t_spareNodes = _nodes;
    }

    /// <summary>
    /// Ends a transform's tape after its function returned. A <c>Tape.Record()</c> (or <c>BufferScope</c>) the function
    /// opened and left open is closed first, so the thread is left clean, and then reported.
    /// </summary>
    internal void EndTransform(string op)
    {
        var leftOpen = CloseInside(Level, _innerBuffers);
        Dispose();
        if (leftOpen)
        {
            throw LeftOpen(op);
        }
    }

    /// <summary>
    /// Ends a transform's tape after its function threw: closes whatever the function left open, innermost first, and
    /// never throws itself, so the caller rethrows the original exception.
    /// </summary>
    internal void AbortTransform()
    {
        CloseInside(Level, _innerBuffers);
        if (Levels.Innermost == Level)
        {
            Dispose();
        }
    }

    /// <summary>Like <see cref="EndTransform(string)"/>, for a transform's forward level (no tape).</summary>
    internal static void EndTransform(Level level, BufferScope? buffers, string op)
    {
        var leftOpen = CloseInside(level, buffers);
        Levels.Close(level);
        if (leftOpen)
        {
            throw LeftOpen(op);
        }
    }

    /// <summary>Like <see cref="AbortTransform()"/>, for a transform's forward level (no tape).</summary>
    internal static void AbortTransform(Level level, BufferScope? buffers)
    {
        CloseInside(level, buffers);
        if (Levels.Innermost == level)
        {
            Levels.Close(level);
        }
    }

    private static InvalidOperationException LeftOpen(string op) => new(
        $"{op}: the function returned with an inner Tape.Record() (or BufferScope) not disposed; it has been closed. " +
        "Open it with `using var tape = Tape.Record();` inside the function.");

    /// <summary>
    /// Closes the levels open inside <paramref name="level"/> (tapes the user left open, innermost first) and the buffer
    /// scopes opened inside <paramref name="buffers"/>; returns whether there were any. Does nothing when
    /// <paramref name="level"/> is not open on this thread.
    /// </summary>
    private static bool CloseInside(Level level, BufferScope? buffers)
    {
        var found = false;
        for (var l = Levels.Innermost; l is not null; l = l.Outer)
        {
            found |= l == level;
        }

        if (!found)
        {
            return false;
        }

        var any = false;
        while (Levels.Innermost is { } inner && inner != level)
        {
            any = true;
            if (inner.Tape is { } tape)
            {
                tape.Abandon();
            }
            else
            {
                Levels.Close(inner);
            }
        }

        return BufferScope.DisposeInside(buffers) | any;
    }

    /// <summary>Closes this tape, which is the innermost level, together with any buffer scope still open inside its own.</summary>
    private void Abandon()
    {
        Levels.Close(Level);
        if (_buffers is not null)
        {
            BufferScope.DisposeInside(_buffers);
            _buffers.Dispose();
            t_current = _previous;
        }

        IsDisposed = true;
        _nodes.Clear();
    }

    /// <summary>
    /// <c>Backward</c> from user code: walks the innermost open user tape that recorded <paramref name="root"/>, seeded
    /// with <paramref name="seed"/>, and accumulates into the <c>Grad</c> of its tracked leaves.
    /// </summary>
    internal static void Backward(Tensor root, Tensor seed, bool createGraph, bool retainGraph)
    {
        Node? node = null;
        var closed = false;
        for (var e = States.First(root); e is not null; e = e.Next)
        {
            if (e is Node n && n.Level!.TracksRequiresGrad)
            {
                if (!n.Level.IsOpen || n.Tape.IsDisposed)
                {
                    closed = true;
                }
                else if (node is null || n.Level.Id > node.Level!.Id)
                {
                    node = n;
                }
            }
        }

        if (node is null)
        {
            if (closed)
            {
                throw new InvalidOperationException("Backward: the tape that recorded this tensor was disposed; call Backward inside its `using` scope.");
            }

            if (States.Grad(root) is { RequiresGrad: true } leaf)
            {
                AccumulateGrad(leaf, seed);
                return;
            }

            throw new InvalidOperationException("Backward: the tensor does not require grad and was not produced by a recorded operation; " +
                "set RequiresGrad on the parameters and run the forward pass inside `using var tape = Tape.Record();`.");
        }

        node.Tape.Walk(node, seed, createGraph, retainGraph || createGraph);
    }

    /// <summary>A transform's backward pass at its own level: cotangents accumulate in the arguments' <see cref="LeafEntry"/>s.</summary>
    internal void Backward(Tensor root, Tensor seed)
    {
        if (States.NodeAt(root, Level) is { } node)
        {
            Walk(node, seed, createGraph: false, retainGraph: true);
        }
        else if (States.LeafAt(root, Level) is { } leaf)
        {
            using (Levels.HideFrom(Level))
            {
                AccumulateLeaf(leaf, seed);
            }
        }
    }

    private void Walk(Node root, Tensor seed, bool createGraph, bool retainGraph)
    {
        // The rules run with this level (and those inside it) hidden, so the operations they are written with are
        // seen by the enclosing levels only: that is what makes the gradient differentiable there. createGraph keeps
        // this level visible instead (PyTorch's double backward, on the same tape).
        using var limit = createGraph ? Levels.HideInside(Level) : Levels.HideFrom(Level);
        root.Pending = seed;
        try
        {
            WalkFrom(root.Index, retainGraph);
        }
        catch
        {
            // Leave no half-accumulated cotangent behind for a later pass to pick up.
            for (var i = root.Index; i >= 0; i--)
            {
                _nodes[i].Pending = null;
            }

            throw;
        }
    }

    private void WalkFrom(int from, bool retainGraph)
    {
        var level = Level;
        for (var i = from; i >= 0; i--)
        {
            var node = _nodes[i];
            var g = node.Pending;
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

            node.Pending = null;
            node.Consumed = !retainGraph;
            var inputs = node.Inputs;
            for (var k = 0; k < inputs.Length; k++)
            {
                var input = inputs[k];
                Node? inputNode = null;
                LeafEntry? leafEntry = null;
                GradState? gradState = null;
                for (var e = States.First(input); e is not null; e = e.Next)
                {
                    if (e.Level == level)
                    {
                        inputNode = e as Node;
                        leafEntry = e as LeafEntry;
                        break;
                    }
                }

                if (inputNode is null && leafEntry is null)
                {
                    if (!level.TracksRequiresGrad || States.Grad(input) is not { RequiresGrad: true } gs)
                    {
                        // Untracked here, or recorded at another level: this pass stops at its own level's boundary.
                        continue;
                    }

                    gradState = gs;
                }

                if (leafEntry is not null && node.Primitive.AccumulatesVjp && !Anomaly.Enabled && TryAccumulateInPlace(node, g, k, leafEntry, input))
                {
                    continue;
                }

                if (gradState is not null && !Anomaly.Enabled && TryWriteGrad(node, g, k, gradState, input))
                {
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

                if (gi is null || gi.Shape != input.Shape || gi.DType != input.DType)
                {
                    // A user's rule (CustomFunction) can get this wrong; a wrong dtype would otherwise become a Grad of that dtype.
                    throw new InvalidOperationException(gi is null
                        ? $"Backward: the VJP rule of {node.Primitive.Name} returned null for input {k} (shape {input.Shape}, {input.DType})."
                        : $"Backward: {node.Primitive.Name} gave a cotangent of shape {gi.Shape} ({gi.DType}) for input {k} of shape {input.Shape} ({input.DType}).");
                }

                if (Anomaly.Enabled)
                {
                    Anomaly.Check("cotangent", node.Primitive, gi, inputs);
                }

                if (inputNode is not null)
                {
                    inputNode.Pending = inputNode.Pending is null ? gi : Ops.Add(inputNode.Pending, gi);
                }
                else if (leafEntry is not null)
                {
                    AccumulateLeaf(leafEntry, gi);
                }
                else
                {
                    AccumulateGrad(gradState!, gi);
                }
            }
        }
    }

    /// <summary>
    /// Lets a primitive write its cotangent straight into a user leaf's <c>Grad</c> (a layer's weight gradient from its
    /// GEMM): over the buffer when it is new or zeroed by <c>ZeroGrad</c>, else added to it. Only when no level is
    /// visible (the rule would record nothing) and the buffer is a plain value.
    /// </summary>
    private static bool TryWriteGrad(Node node, Tensor g, int index, GradState leaf, Tensor input)
    {
        var grad = leaf.Grad;
        bool accumulate = grad is not null && !leaf.ZeroPending;
        if (Levels.Top is not null || !node.Primitive.WritesVjp(index, accumulate)
            || States.HasOpenLevelState(g) || (grad is not null && (States.HasOpenLevelState(grad) || grad.IsPooled)))
        {
            return false;
        }

        grad ??= Tensor.Allocate(input.Shape, input.DType);
        node.Primitive.VjpInto(node.Inputs, g, index, grad, accumulate);
        leaf.Grad = grad;
        return true;
    }

    /// <summary>Adds g into a user leaf's <c>Grad</c>: in place when both are plain values, else differentiably.</summary>
    private static void AccumulateGrad(GradState leaf, Tensor g)
    {
        if (leaf.ZeroPending && !States.HasOpenLevelState(g))
        {
            leaf.Overwrite(g);
            return;
        }

        if (leaf.Grad is null || leaf.ZeroPending)
        {
            // Copy g: it may be shared with another branch of the graph, and Grad is updated in place later; and it
            // may live in the tape's pooled buffers, which Grad must outlive. A g that carries state at an open level
            // (createGraph, an enclosing transform) is copied differentiably.
            leaf.Grad = States.HasOpenLevelState(g) ? Ops.Copy(g) : g.Clone();
            return;
        }

        if (States.HasOpenLevelState(leaf.Grad) || States.HasOpenLevelState(g))
        {
            // Higher-order use: keep the sum differentiable instead of mutating in place (and unpooled, as above).
            leaf.Grad = Ops.Copy(Ops.Add(leaf.Grad, g));
            return;
        }

        TensorMath.AddInPlace(leaf.Grad, g);
    }

    /// <summary>
    /// Adds g into a transform argument's cotangent. The first g is adopted without a copy (it is only read, and copied
    /// out, before the transform ends); later ones are added in place into a buffer of the entry's own when both are
    /// plain values or carry just a tangent of the same forward level (an HVP), else by a differentiable sum.
    /// </summary>
    private static void AccumulateLeaf(LeafEntry leaf, Tensor g)
    {
        if (leaf.Cotangent is null)
        {
            leaf.Cotangent = g;
            leaf.Owns = false;
            return;
        }

        if (Simple(g, out var gLevel, out var gTangent) && Simple(leaf.Cotangent, out var aLevel, out _) && (gLevel is null || aLevel is null || gLevel == aLevel))
        {
            var owned = Owned(leaf, gLevel ?? aLevel, out var ownedTangent);
            TensorMath.AddInPlace(owned, g);
            if (gTangent is not null)
            {
                TensorMath.AddInPlace(ownedTangent!, gTangent);
            }

            return;
        }

        leaf.Cotangent = Ops.Add(leaf.Cotangent, g);
        leaf.Owns = false;
    }

    /// <summary>Lets a primitive add its cotangent straight into the argument's (see <see cref="Primitive.AccumulateVjp"/>).</summary>
    private static bool TryAccumulateInPlace(Node node, Tensor g, int index, LeafEntry leaf, Tensor input)
    {
        if (!Simple(g, out var gLevel, out var gTangent))
        {
            return false;
        }

        Level? aLevel = null;
        if (leaf.Cotangent is not null && (!Simple(leaf.Cotangent, out aLevel, out _) || (gLevel is not null && aLevel is not null && gLevel != aLevel)))
        {
            return false;
        }

        if (leaf.Cotangent is null)
        {
            leaf.Cotangent = Tensor.EmptyZeroed(input.Shape, input.DType);
            leaf.Owns = true;
        }

        var owned = Owned(leaf, gLevel ?? aLevel, out var ownedTangent);
        node.Primitive.AccumulateVjp(node.Inputs, g, gTangent, index, owned, ownedTangent);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="t"/> is a plain value, or carries only a tangent at one open forward level that is itself
    /// a plain value: then sums may be formed in place, value and tangent separately.
    /// </summary>
    private static bool Simple(Tensor t, out Level? tangentLevel, out Tensor? tangent)
    {
        tangentLevel = null;
        tangent = null;
        for (var e = States.First(t); e is not null; e = e.Next)
        {
            if (e.Level is not { IsOpen: true })
            {
                continue;
            }

            if (e is not TangentEntry te || tangent is not null || States.HasOpenLevelState(te.Tangent))
            {
                return false;
            }

            tangentLevel = e.Level;
            tangent = te.Tangent;
        }

        return true;
    }

    /// <summary>
    /// The argument's cotangent as a buffer the entry owns and may add into, with a tangent at <paramref name="level"/>
    /// when given: the cotangent itself when it already is one, else a copy.
    /// </summary>
    private static Tensor Owned(LeafEntry leaf, Level? level, out Tensor? tangent)
    {
        var current = leaf.Cotangent!;
        var currentTangent = level is null ? null : States.Tangent(current, level);
        if (leaf.Owns && (level is null || currentTangent is not null))
        {
            tangent = currentTangent;
            return current;
        }

        var owned = leaf.Owns ? current : TensorMath.Copy(current);
        if (!leaf.Owns && level is not null && currentTangent is not null)
        {
            tangent = TensorMath.Copy(currentTangent);
            States.Add(owned, new TangentEntry(level, tangent));
        }
        else if (level is not null && currentTangent is null)
        {
            tangent = Tensor.EmptyZeroed(current.Shape, current.DType);
            States.Add(owned, new TangentEntry(level, tangent));
        }
        else
        {
            tangent = null;
        }

        leaf.Cotangent = owned;
        leaf.Owns = true;
        return owned;
    }
}
