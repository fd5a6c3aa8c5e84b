using System.Numerics;
using System.Runtime.InteropServices;
using AutoDiff.Kernels;

namespace AutoDiff.Optim;

/// <summary>
/// An optimizer made of a chain of <see cref="GradientTransformation"/>s (optax's <c>chain</c> followed by the
/// learning rate): for each parameter with a gradient,
/// <code>
/// u ← ∇θ  (−∇θ when maximising)
/// u ← Tₖ(…T₁(u))            each transformation updates its own state
/// θ ← θ − α·u               α: the learning rate, scaled by the transformations (Adam: α / (1 − β₁ᵗ))
/// </code>
/// The named optimizers (<see cref="Sgd"/>, <see cref="Adam"/>, …) are recipes of this class.
/// </summary>
/// <remarks>
/// Each parameter is processed in blocks of <see cref="BlockSize"/> elements: the gradient block is copied into a
/// stack buffer, every transformation runs one SIMD loop over it (the block and its state stay in L1), and the
/// parameter is updated. So p, g and the state stream from memory once per step, and a step allocates nothing. Large
/// models split the elements over <see cref="Parallelism.ThreadCount"/> threads; every element is computed the same
/// way whatever the split, so results do not depend on the thread count; the parts are reused thread-pool work
/// items, so a step allocates nothing either way.
/// </remarks>
public class GradientChain : Optimizer
{
    /// <summary>Elements per block: a block of u and of up to four state arrays fits in L1 in float64.</summary>
    public const int BlockSize = 512;

    /// <summary>Elements per step from which the update is split over threads.</summary>
    private const int ParallelThreshold = 1 << 16;

    private readonly GradientTransformation[] _transforms;
    private readonly double[] _stepSize;
    private readonly int[] _active;
    private readonly long[] _start;
    private readonly Tensor?[] _grads;
    private readonly ManualResetEventSlim _done = new(false);
    private Part[] _partItems = [];
    private int _pending;
    private Exception? _error;
    private int _activeCount;
    private long _total;
    private int _parts;

    /// <summary>A chain over one group of parameters.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">The learning rate α.</param>
    /// <param name="transformations">The transformations, applied in order; each must be new (it keeps this chain's state).</param>
    public GradientChain(IEnumerable<Tensor> parameters, double lr, params GradientTransformation[] transformations)
        : this([new ParameterGroup(parameters ?? throw new ArgumentNullException(nameof(parameters)))], lr, transformations)
    {
    }

    /// <summary>A chain over groups of parameters.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="lr">The learning rate α.</param>
    /// <param name="transformations">The transformations, applied in order; each must be new (it keeps this chain's state).</param>
    public GradientChain(IEnumerable<ParameterGroup> groups, double lr, params GradientTransformation[] transformations)
        : base(groups)
    {
        ArgumentNullException.ThrowIfNull(transformations);
        Require(lr >= 0 && double.IsFinite(lr), nameof(lr), lr, "finite and non-negative");
        LearningRate = lr;
        _transforms = transformations.ToArray();
        for (var k = 0; k < _transforms.Length; k++)
        {
            ArgumentNullException.ThrowIfNull(_transforms[k], $"transformations[{k}]");
            if (_transforms[k].IsGlobal && _transforms.Take(k).Any(t => !t.IsGlobal))
            {
                throw new ArgumentException($"{GetType().Name}: {_transforms[k].GetType().Name} sees the whole gradient, so it must come before {_transforms[k - 1].GetType().Name}.", nameof(transformations));
            }

            _transforms[k].Initialize(Parameters);
        }

        _stepSize = new double[Parameters.Count];
        _active = new int[Parameters.Count];
        _start = new long[Parameters.Count + 1];
        _grads = new Tensor?[Parameters.Count];
    }

    /// <summary>The transformations, in the order they are applied.</summary>
    public IReadOnlyList<GradientTransformation> Transformations => _transforms;

    /// <inheritdoc/>
    protected override IEnumerable<(string Key, IReadOnlyList<Tensor> PerParameter)> StateTensors()
    {
        for (var k = 0; k < _transforms.Length; k++)
        {
            var t = _transforms[k];
            foreach (var slot in t.Slots)
            {
                yield return ($"{k}.{slot.Name}", Enumerable.Range(0, Parameters.Count).Select(i => t.State(slot.Name, i)).ToArray());
            }
        }
    }

    /// <inheritdoc/>
    protected override void StepCore()
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            _grads[i] = Parameters[i].Grad;
        }

        foreach (var t in _transforms)
        {
            if (t.IsGlobal)
            {
                t.BeginStep(_grads, Maximize);
            }
        }

        _activeCount = 0;
        _total = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (_grads[i] is null)
            {
                continue;
            }

            var context = new StepContext(ParameterStep(i), LearningRateOf(i), GroupOf(i).WeightDecay);
            var stepSize = context.LearningRate;
            foreach (var t in _transforms)
            {
                stepSize = t.Prepare(i, context, stepSize);
            }

            _stepSize[i] = stepSize;
            _active[_activeCount] = i;
            _start[_activeCount] = _total;
            _total += Parameters[i].Size;
            _activeCount++;
        }

        _start[_activeCount] = _total;
        _parts = _total < ParallelThreshold ? 1 : (int)Math.Min(Parallelism.ThreadCount, _total / (ParallelThreshold / 2));
        if (_parts <= 1)
        {
            Run(0, _total);
        }
        else
        {
            RunParallel();
        }

        Array.Clear(_grads);
    }

    private void Work(int part) => Run(_total * part / _parts, _total * (part + 1) / _parts);

    /// <summary>
    /// Parts 1… go to the thread pool as reused work items (so a step allocates nothing), part 0 runs here, then this
    /// thread waits for the others.
    /// </summary>
    private void RunParallel()
    {
        if (_partItems.Length < _parts)
        {
            _partItems = Enumerable.Range(0, _parts).Select(k => new Part(this, k)).ToArray();
        }

        _error = null;
        _done.Reset();
        _pending = _parts - 1;
        for (var k = 1; k < _parts; k++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_partItems[k], preferLocal: false);
        }

        try
        {
            Work(0);
        }
        finally
        {
            _done.Wait();
        }

        if (_error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
        }
    }

    /// <summary>One part of a parallel step, reused from step to step.</summary>
    private sealed class Part(GradientChain owner, int index) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            try
            {
                owner.Work(index);
            }
            catch (Exception e)
            {
                owner._error = e;
            }
            finally
            {
                if (Interlocked.Decrement(ref owner._pending) == 0)
                {
                    owner._done.Set();
                }
            }
        }
    }

    /// <summary>Updates the flat element range [from, to) over the active parameters laid end to end.</summary>
    private void Run(long from, long to)
    {
        for (var k = 0; k < _activeCount; k++)
        {
            var lo = Math.Max(from, _start[k]);
            var hi = Math.Min(to, _start[k + 1]);
            if (lo >= hi)
            {
                continue;
            }

            var i = _active[k];
            var begin = (int)(lo - _start[k]);
            var end = (int)(hi - _start[k]);
            if (UpdateFused(i, begin, end))
            {
                continue;
            }

            if (Parameters[i].DType == DType.Float32)
            {
                Update<float>(i, begin, end);
            }
            else
            {
                Update<double>(i, begin, end);
            }
        }
    }

    /// <summary>
    /// A named optimizer's fused kernel: updates elements [begin, end) of parameter <paramref name="index"/> in one pass,
    /// bit-identical to running its chain (a test holds each to that). Returns false to run the chain.
    /// </summary>
    /// <param name="index">The parameter's position.</param>
    /// <param name="begin">The first element.</param>
    /// <param name="end">One past the last element.</param>
    /// <returns>Whether the elements were updated.</returns>
    protected virtual bool UpdateFused(int index, int begin, int end) => false;

    /// <summary>This step's final step size for parameter <paramref name="index"/> (after every transformation's scaling).</summary>
    /// <param name="index">The parameter's position.</param>
    /// <returns>The step size.</returns>
    protected double StepSizeOf(int index) => _stepSize[index];

    /// <summary>This step's gradient of parameter <paramref name="index"/> (during a step only).</summary>
    /// <param name="index">The parameter's position.</param>
    /// <returns>The gradient.</returns>
    protected Tensor GradientOf(int index) => _grads[index] ?? throw new InvalidOperationException($"{GetType().Name}: parameter {index} has no gradient in this step.");

    private void Update<T>(int i, int begin, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = Parameters[i].AsSpan<T>();
        var g = _grads[i]!.AsSpan<T>();
        var step = T.CreateTruncating(_stepSize[i]);
        Span<T> block = stackalloc T[BlockSize];
        for (var offset = begin; offset < end; offset += BlockSize)
        {
            var length = Math.Min(BlockSize, end - offset);
            var u = block[..length];
            var pb = p.Slice(offset, length);
            Start(g.Slice(offset, length), u, Maximize);
            foreach (var t in _transforms)
            {
                if (typeof(T) == typeof(float))
                {
                    t.Apply(i, offset, MemoryMarshal.Cast<T, float>(u), MemoryMarshal.Cast<T, float>(pb));
                }
                else
                {
                    t.Apply(i, offset, MemoryMarshal.Cast<T, double>(u), MemoryMarshal.Cast<T, double>(pb));
                }
            }

            Descend(pb, u, step);
        }
    }

    /// <summary>u ← g, or −g when maximising.</summary>
    private static void Start<T>(ReadOnlySpan<T> g, Span<T> u, bool negate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!negate)
        {
            g.CopyTo(u);
            return;
        }

        var n = GradientTransformation.VectorEnd<T>(u.Length);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            GradientTransformation.Store(-Vector.LoadUnsafe(ref MemoryMarshal.GetReference(g), (nuint)i), u, i);
        }

        for (; i < u.Length; i++)
        {
            u[i] = -g[i];
        }
    }

    /// <summary>θ ← θ − α·u (PyTorch's <c>param.add_(u, alpha=-lr)</c>: the same bits).</summary>
    private static void Descend<T>(Span<T> p, Span<T> u, T step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = GradientTransformation.VectorEnd<T>(p.Length);
        var vs = new Vector<T>(step);
        var i = 0;
        for (; i < n; i += Vector<T>.Count)
        {
            GradientTransformation.Store(GradientTransformation.Load(p, i) - (vs * GradientTransformation.Load(u, i)), p, i);
        }

        for (; i < p.Length; i++)
        {
            p[i] -= step * u[i];
        }
    }
}
